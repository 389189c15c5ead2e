"""Form fields shared by every app: numbers and amounts of money typed in Thai or Arabic digits.

There is one number field (ThaiNumberField) and one money field on top of it (ThaiAmountField);
plans, measures and reports use them, so the same text means the same thing in every form.
Both read the text through core.thai.parse_decimal / parse_money, the functions the services
also call for input that does not come from a form (imports, the shell).

"-" means one thing everywhere: no figure given (ไม่มี/ไม่ระบุ), the same as an empty field;
it cleans to None, never to 0. The amount field says so in its help text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.thai import (
    DIGITS_ARABIC,
    DIGITS_THAI,
    MONEY_MAX,
    MONEY_PLACES,
    NO_AMOUNT_MEANING,
    ThaiNumberError,
    digits,
    format_number,
    parse_decimal,
    parse_money,
)

#: Shown under every amount field: how to type it and what "-" means.
AMOUNT_HELP = _(
    "เลขไทยหรือเลขอารบิกก็ได้ เช่น ๑๒,๓๔๕.๕๐ หรือ 12,345.50 (ทศนิยมไม่เกิน ๒ ตำแหน่ง) · "
    "พิมพ์ “-” หรือเว้นว่าง หมายถึง %(meaning)s"
) % {"meaning": NO_AMOUNT_MEANING}


class ThaiNumberField(forms.CharField):
    """A number typed in Thai, Arabic or mixed digits, with thousands commas and spaces.

    Cleans to a Decimal, or None for an empty field and for "-" (ไม่มี/ไม่ระบุ). More than
    `decimal_places` decimals are refused, never rounded. A sign is refused unless `negative`
    (scores take one so that their own 0–100 rule can name the problem). The text typed stays
    in the field on an error, and the error is Thai, next to the field.
    """

    default_error_messages = {
        "invalid": _("กรุณาพิมพ์ตัวเลข เช่น “๗๔.๓๖” หรือ “74.36”"),
        "places": _("มีทศนิยมได้ไม่เกิน %(places)s ตำแหน่ง"),
        "negative": _("ต้องไม่ติดลบ"),
        "too_big": _("ตัวเลขมากเกินไป"),
        "min_value": _("ต้องไม่น้อยกว่า %(limit)s"),
        "max_value": _("ต้องไม่มากกว่า %(limit)s"),
    }

    def __init__(
        self,
        *,
        decimal_places: int = 2,
        negative: bool = False,
        min_value: Decimal | None = None,
        max_value: Decimal | None = None,
        too_big: Decimal | None = Decimal("1e12"),
        style: str = DIGITS_THAI,
        **kwargs: Any,
    ) -> None:
        self.decimal_places, self.negative = decimal_places, negative
        self.min_value, self.max_value, self.too_big = min_value, max_value, too_big
        self.style = style
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        # No max_length validator: it would run on the cleaned Decimal. The text is checked.
        self.widget.attrs.setdefault("maxlength", "40")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_number(value, self.style)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, Decimal):
            text: Any = value
        else:
            text = super().to_python(value)
            if text in self.empty_values:
                return None
        try:
            return self.parse(text)
        except ThaiNumberError as exc:
            raise forms.ValidationError(
                self.error_messages[exc.code],
                code=exc.code,
                params={"places": digits(self.decimal_places, DIGITS_THAI)},
            ) from None

    def parse(self, text: str | Decimal) -> Decimal | None:
        return parse_decimal(
            text, places=self.decimal_places, negative=self.negative, max_value=self.too_big
        )

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": digits(self.min_value, DIGITS_ARABIC)},
            )
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": digits(self.max_value, DIGITS_ARABIC)},
            )


class ThaiAmountField(ThaiNumberField):
    """Baht, read by core.thai.parse_money: the one money field of plans, measures and reports.

    Accepts "๑๒,๓๔๕.๕๐", "12,345.50", mixed digits and spaces; refuses more than 2 decimals,
    a negative amount and more than the models hold, with a Thai error next to the field.
    "-" (and an empty field) clean to None, meaning ไม่มี/ไม่ระบุ, in every form: a report row's
    budget used is then "not reported" (not 0 baht), and a plan year's budget is "not given"
    (the plan's "ไม่ใช้งบประมาณ" is its own checkbox, PlanItemYear.no_budget). The help text
    says so to the user.
    """

    default_error_messages = dict(ThaiNumberError.MESSAGES)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", AMOUNT_HELP)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        kwargs.setdefault("too_big", MONEY_MAX)
        kwargs["negative"] = False
        super().__init__(**kwargs)

    def parse(self, text: str | Decimal) -> Decimal | None:
        return parse_money(text)
