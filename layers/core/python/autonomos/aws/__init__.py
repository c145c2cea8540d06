"""boto3 clients pointed at AWS or at the local emulator (``AWS_ENDPOINT_URL``)."""
