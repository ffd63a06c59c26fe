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


class NoTracebackForRefusalsFilter(logging.Filter):
    """A refusal or a not-found (any 4xx) is an ordinary answer: logged as one line, never with a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and getattr(record, "status_code", 500) < 500:
            record.exc_info, record.exc_text = None, None
        return True
