"""Local emulation of the deployment in ``template.yaml``: the AWS emulator, embedded
PostgreSQL and Redis, the HTTP gateway and the SQS queue pollers."""
