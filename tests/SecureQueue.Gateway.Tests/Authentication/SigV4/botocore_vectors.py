"""Regenerates the hard-coded vectors in SigV4VerifierTests.Botocore.cs.

Run with any python3 that has botocore installed: python3 botocore_vectors.py
The clock is frozen at 2015-08-30T12:36:00Z so the signatures are deterministic (the random
amz-sdk-invocation-id header is added after signing, so it is not part of them).
"""
import datetime
from unittest import mock

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.session

ACCESS_KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
FROZEN = datetime.datetime(2015, 8, 30, 12, 36, 0)


def show(name, method, url, headers, body):
    print(f"== {name}\n{method} {url}")
    for key, value in headers.items():
        print(f"  {key}: {value}")
    print(f"  body: {body!r}")


def real_client_send_message():
    """What botocore's SQS client puts on the wire (AWS JSON 1.0), captured before it is sent."""
    session = botocore.session.get_session()
    client = session.create_client(
        "sqs", region_name="us-east-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET)
    captured = {}

    def capture(request, **_):
        captured["request"] = request
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, None)

    client.meta.events.register("before-send.sqs.SendMessage", capture)
    try:
        client.send_message(QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/orders",
                            MessageBody="hello world")
    except Exception:  # the fake response has no body to parse; the request is all we want
        pass
    r = captured["request"]
    show("client.send_message", r.method, r.url, dict(r.headers), r.body)


def query_style_path_and_query():
    """SigV4Auth on an already-encoded path and query: exercises double path encoding.

    botocore signs the query exactly as written, so only strictly encoded queries (what botocore itself
    produces) round-trip; the server re-encodes, as AWS does.
    """
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/my%20queue?Action=SendMessage&MessageBody=a%20b%2Bc~"
    request = botocore.awsrequest.AWSRequest(method="GET", url=url, headers={"Host": "sqs.us-east-1.amazonaws.com"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(ACCESS_KEY, SECRET), "sqs", "us-east-1").add_auth(request)
    show("SigV4Auth path+query", request.method, request.url, dict(request.headers), request.body)


def presigned():
    """SigV4QueryAuth: the presigned-URL form."""
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders?Action=ReceiveMessage"
    request = botocore.awsrequest.AWSRequest(method="GET", url=url, headers={"Host": "sqs.us-east-1.amazonaws.com"})
    auth = botocore.auth.SigV4QueryAuth(botocore.credentials.Credentials(ACCESS_KEY, SECRET), "sqs", "us-east-1", 300)
    auth.add_auth(request)
    show("SigV4QueryAuth", request.method, request.url, dict(request.headers), request.body)


def date_header():
    """With a Date header botocore signs it (RFC 2822, "-0000" zone) instead of adding X-Amz-Date."""
    request = botocore.awsrequest.AWSRequest(
        method="POST", url="https://sqs.us-east-1.amazonaws.com/", data=b"Action=ListQueues",
        headers={"Date": "placeholder", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(ACCESS_KEY, SECRET), "sqs", "us-east-1").add_auth(request)
    show("SigV4Auth Date header", request.method, request.url, dict(request.headers), request.body)


with mock.patch("botocore.auth.get_current_datetime", return_value=FROZEN):
    real_client_send_message()
    query_style_path_and_query()
    presigned()
    date_header()
