"""The PDF cache on an S3-compatible store (STORAGE_BACKEND=s3), against moto's fake S3.

Several web and worker machines share the PDF cache through the storage API only: these
tests run the cache's whole surface (store, exists, open, index, prune) on S3Storage.
"""

from __future__ import annotations

import pytest

moto = pytest.importorskip("moto")

from core.pdf import cache  # noqa: E402

BUCKET = "sujarit-test"


@pytest.fixture
def s3_pdf_storage(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with moto.mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "pdf": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "location": "pdf-cache",
                    "file_overwrite": True,
                    "default_acl": None,
                },
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def key_of(n: int) -> str:
    return cache.pdf_key(f"<p>{n}</p>", title="t", author="", landscape=False)


def test_it_stores_and_serves_pdfs_and_index_entries_on_s3(s3_pdf_storage, tmp_path, settings):
    key = key_of(1)
    assert cache.cached_pdf(key) is None and cache.pdf_open(key) is None

    cache.pdf_store(key, b"%PDF-1.7 test")
    cache.index_store(key_of(99), key)

    assert cache.cached_pdf(key) == f"{key[:2]}/{key}.pdf"
    with cache.pdf_open(key) as f:
        assert f.read() == b"%PDF-1.7 test"
    assert cache.index_load(key_of(99)) == key
    listed = s3_pdf_storage.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert sorted(o["Key"] for o in listed) == sorted(
        [f"pdf-cache/{key[:2]}/{key}.pdf", f"pdf-cache/{key_of(99)[:2]}/{key_of(99)}.key"]
    )
    assert not any(tmp_path.rglob("*.pdf"))  # nothing on the local disk


def test_it_prunes_the_pdf_cache_on_s3(s3_pdf_storage):
    keys = [key_of(n) for n in range(3)]
    for key in keys:
        cache.pdf_store(key, b"%PDF-1.7")

    report = cache.prune(max_age_days=30, keep=1)

    assert report.deleted == 2 and report.kept == 1
    assert sum(bool(cache.cached_pdf(key)) for key in keys) == 1
