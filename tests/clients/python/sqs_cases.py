#!/usr/bin/env python3
"""Functional cases for a running SecureQueue gateway, driven by a real boto3.

One script serves both wire protocols: a current boto3 speaks the SQS JSON protocol, Debian's older boto3
speaks the Query protocol. Expected outcomes are those of Amazon SQS (see sqs-api.md), not of the gateway.

    python3 sqs_cases.py <case-name>    run one case: exit 0 on success, 1 with the reason on failure
    python3 sqs_cases.py --list         print the case names, one a line

Environment: SECQ_ENDPOINT (https://localhost:<port>), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the identity
under test), AWS_CA_BUNDLE (the test CA), SECQ_EXPECT_PROTOCOL (json | query, checked first when set), and
SECQ_ADMIN_ACCESS_KEY_ID / SECQ_ADMIN_SECRET_ACCESS_KEY for cases that set a queue up as the admin.

The cases live by area in queue_cases.py, send_cases.py, receive_cases.py, access_cases.py and fifo_cases.py; importing
each registers its cases, in this order (the functional tests' case list follows it).
"""

import sys

import queue_cases  # noqa: F401  (registers its cases)
import send_cases  # noqa: F401
import receive_cases  # noqa: F401
import access_cases  # noqa: F401
import fifo_cases  # noqa: F401
from sqs_support import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
