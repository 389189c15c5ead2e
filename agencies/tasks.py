"""Notification e-mails in the background (django-tasks): the step that caused them commits
and answers at once; `manage.py db_worker` sends (the tests' Immediate backend sends inside
`enqueue`). Sending claims each row's `emailed_at` first, so a task run twice sends once."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(*, pks: list[int]) -> int:
    from agencies.notifications import send_emails

    return send_emails(pks)
