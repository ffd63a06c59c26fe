"""What an outside channel answered, reduced to what the delivery log needs to decide the next step."""

from dataclasses import dataclass

SENT, REFUSED, RETRY, FAILED = "sent", "refused", "retry", "failed"


@dataclass(frozen=True)
class SendResult:
    """outcome: sent; refused (the person said no: never retried); retry (later, with back-off); failed (for good)."""

    outcome: str
    code: str = ""
    message: str = ""
    provider_id: str = ""

    @classmethod
    def sent(cls, provider_id: str = "", code: str = "0") -> "SendResult":
        return cls(SENT, code=code, provider_id=str(provider_id)[:64])
