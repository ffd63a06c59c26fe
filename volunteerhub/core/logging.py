import logging

from volunteerhub.core.masking import mask_in_text


class MaskPersonalDataFilter(logging.Filter):
    """Masks resident ID numbers in every log line, whatever logged them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
