"""The classic design AutonomOS replaces, for ``bench_tasks.py``: a FastAPI app behind uvicorn
that validates a JWT, writes the task row in PostgreSQL and enqueues to RQ, and RQ's default
forking ``Worker`` doing the same database writes per task as our worker.

Modules: ``launcher`` (:func:`~rq_baseline.launcher.running_baseline` starts it all on
loopback), ``auth`` (:func:`~rq_baseline.auth.mint_token`), ``schema`` (tables), ``app`` (the
API), ``jobs`` (the RQ job), ``worker_config`` (what each ``rq worker`` preloads). Nothing is
imported here, so each forked work horse pays only for what it uses.
"""
