"""Lambda: the callbacks-queue sender (signed webhooks, partial batch failures)."""

from typing import Any

from chalice import Chalice

from autonomos.observability import configure_logging
from autonomos.runtime import runtime
from autonomos.tasks.callbacks import CallbackSender

configure_logging()
app = Chalice(app_name="autonomos-callbacks")
_sender: CallbackSender | None = None


@app.on_sqs_message(queue="callbacks", batch_size=10)
def send_callbacks(event: Any) -> dict[str, Any]:
    """Deliver a batch of callbacks; failed deliveries are reported for redelivery."""
    global _sender
    if _sender is None:
        _sender = CallbackSender(runtime())
    return _sender.handle([record.to_dict() for record in event])
