"""Asynchronous tasks: the type registry, the run context handed to task code, the worker
that executes SQS batches and the callback sender."""

from autonomos.tasks.registry import TaskRun, TaskType, registry, task_type

__all__ = ["TaskRun", "TaskType", "registry", "task_type"]
