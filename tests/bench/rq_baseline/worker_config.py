"""``rq worker -c rq_baseline.worker_config``: imported by the worker before it forks, so the
job module (and psycopg) are preloaded and every work horse inherits them, as RQ's docs
advise for performance, instead of importing them anew per job."""

import rq_baseline.jobs  # noqa: F401 - preloaded for the work horses
