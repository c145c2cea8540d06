"""Built-in task types. Importing this package registers them."""

from autonomos.tasks.types import echo, http_call, slack_post

__all__ = ["echo", "http_call", "slack_post"]
