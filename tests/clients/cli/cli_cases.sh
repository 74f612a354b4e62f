#!/usr/bin/env bash
# Functional cases for a running SecureQueue gateway, driven by a real AWS CLI. The same cases run with AWS CLI v1
# (SQS JSON protocol) and Debian's AWS CLI v2 (Query protocol); expected outcomes are those of Amazon SQS.
#
#   cli_cases.sh <aws-binary> <case-name>    run one case: exit 0 on success, 1 with the reason on failure
#   cli_cases.sh <aws-binary> --list         print the case names, one a line
#
# Environment: SECQ_ENDPOINT, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_CA_BUNDLE, and SECQ_EXPECT_PROTOCOL
# (json | query): the first request of every case is checked to use that protocol. JSON is read with python3.
set -euo pipefail

CASES=(queue_lifecycle send_receive_delete change_message_visibility purge_queue tags batches nonexistent_queue_error caller_identity region_namespace
       fifo_queue_attributes fifo_send_receive fifo_batch_and_dead_letter_queue)

# shellcheck source=tests/clients/cli/case_args.sh
source "$(dirname "${BASH_SOURCE[0]}")/case_args.sh"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VERSION=$("$AWS" --version 2>&1)
# A service error exits 255 in CLI v1 and 254 in CLI v2.
if [[ $VERSION == aws-cli/1.* ]]; then SERVICE_ERROR_EXIT=255; else SERVICE_ERROR_EXIT=254; fi

# A failure inside $(...) must end the whole case, not just the command substitution.
trap 'exit 1' USR1
fail() {
    echo "FAIL $CASE ($VERSION): $*" >&2
    [[ $BASHPID -eq $$ ]] || kill -USR1 $$
    exit 1
}

# Runs `aws sqs ...` against the gateway; prints its JSON output ({} when the CLI prints nothing).
sqs() {
    local output
    if ! output=$("$AWS" sqs "$@" --endpoint-url "$SECQ_ENDPOINT" --output json 2>"$WORK/stderr"); then
        fail "aws sqs $1 failed: $(cat "$WORK/stderr")"
    fi
    [[ -n $output ]] || output='{}'
    printf '%s\n' "$output"
}

# Evaluates a Python expression over the JSON document `d` read from standard input; strings print raw.
jq_py() {
    python3 -c '
import json, sys
text = sys.stdin.read()
if not text:
    sys.exit(1)  # the command that should have produced it already reported why
d = json.loads(text)
value = eval(sys.argv[1], {"d": d, "sorted": sorted, "len": len, "set": set, "int": int})
print(value if isinstance(value, str) else json.dumps(value, sort_keys=True))' "$1"
}

expect_eq() {
    [[ $1 == "$2" ]] || fail "$3: expected '$2', got '$1'"
}

# Runs `aws sqs ...` expecting a service error with the given legacy (Query) code.
expect_error() {
    local code=$1 rc=0
    shift
    "$AWS" sqs "$@" --endpoint-url "$SECQ_ENDPOINT" --output json >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
    [[ $rc -eq $SERVICE_ERROR_EXIT ]] || fail "aws sqs $1 exited $rc, expected $SERVICE_ERROR_EXIT for $code: $(cat "$WORK/stderr")"
    grep -qF "An error occurred ($code) when calling the" "$WORK/stderr" ||
        fail "aws sqs $1: expected error code $code, stderr: $(cat "$WORK/stderr")"
}

unique() {
    local uuid
    uuid=$(</proc/sys/kernel/random/uuid)
    uuid=${uuid//-/}
    printf '%s\n' "${uuid:0:12}"
}

md5_of_body() {
    python3 -c 'import hashlib, sys; print(hashlib.md5(sys.argv[1].encode()).hexdigest())' "$1"
}

# MD5OfMessageAttributes (sqs-api.md §3) of a CLI --message-attributes JSON document (BinaryValue as raw text).
md5_of_attributes() {
    python3 -c '
import hashlib, json, struct, sys
def prefixed(b): return struct.pack(">I", len(b)) + b
buf = b""
for name, v in sorted(json.loads(sys.argv[1]).items()):
    buf += prefixed(name.encode()) + prefixed(v["DataType"].encode())
    buf += b"\x01" + prefixed(v["StringValue"].encode()) if "StringValue" in v else b"\x02" + prefixed(v["BinaryValue"].encode())
print(hashlib.md5(buf).hexdigest())' "$1"
}

# Creates a uniquely named queue (its name ending in $QUEUE_SUFFIX, e.g. .fifo), checking with --debug that the CLI
# speaks the expected protocol.
create_queue() {
    local name output
    name="cli-$1-$(unique)${QUEUE_SUFFIX:-}"
    shift
    output=$("$AWS" sqs create-queue --queue-name "$name" "$@" --endpoint-url "$SECQ_ENDPOINT" --output json --debug 2>"$WORK/debug") ||
        fail "create-queue failed: $(grep -v ' - DEBUG - \| - INFO - ' "$WORK/debug" | tail -5)"
    local protocol=unknown
    if grep -q "'Content-Type': 'application/x-amz-json-1.0'" "$WORK/debug"; then
        protocol=json
    elif grep -q "'Content-Type': 'application/x-www-form-urlencoded" "$WORK/debug"; then
        protocol=query
    fi
    rm -f "$WORK/debug"
    if [[ -n ${SECQ_EXPECT_PROTOCOL:-} ]]; then
        expect_eq "$protocol" "$SECQ_EXPECT_PROTOCOL" "protocol spoken by $AWS"
    fi
    expect_eq "$(jq_py 'd["QueueUrl"]' <<<"$output")" "$SECQ_ENDPOINT/000000000000/$name" "CreateQueue QueueUrl"
    QUEUE_NAME=$name
    QUEUE_URL="$SECQ_ENDPOINT/000000000000/$name"
}

counts() {
    sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names ApproximateNumberOfMessages \
        ApproximateNumberOfMessagesNotVisible ApproximateNumberOfMessagesDelayed |
        jq_py '[int(d["Attributes"][k]) for k in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed")]'
}

case_queue_lifecycle() {
    create_queue life --attributes VisibilityTimeout=45,DelaySeconds=1 --tags team=payments,env=test
    expect_eq "$(sqs get-queue-url --queue-name "$QUEUE_NAME" | jq_py 'd["QueueUrl"]')" "$QUEUE_URL" "GetQueueUrl"
    expect_eq "$(sqs list-queues --queue-name-prefix "$QUEUE_NAME" | jq_py 'd.get("QueueUrls", [])')" "[\"$QUEUE_URL\"]" "ListQueues"
    local all
    all=$(sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names All)
    expect_eq "$(jq_py 'sorted(d["Attributes"])' <<<"$all")" \
        '["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod", "QueueArn", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout"]' \
        "attribute names of a new queue"
    expect_eq "$(jq_py '[d["Attributes"][k] for k in ("VisibilityTimeout", "DelaySeconds", "QueueArn")]' <<<"$all")" \
        "[\"45\", \"1\", \"arn:aws:sqs:us-east-1:000000000000:$QUEUE_NAME\"]" "attributes given to CreateQueue"
    sqs set-queue-attributes --queue-url "$QUEUE_URL" --attributes VisibilityTimeout=12,MaximumMessageSize=2048 >/dev/null
    expect_eq "$(sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names VisibilityTimeout MaximumMessageSize | jq_py 'd["Attributes"]')" \
        '{"MaximumMessageSize": "2048", "VisibilityTimeout": "12"}' "attributes after SetQueueAttributes"
    expect_error InvalidAttributeName set-queue-attributes --queue-url "$QUEUE_URL" --attributes Foobar=1
    expect_eq "$(sqs list-queue-tags --queue-url "$QUEUE_URL" | jq_py 'd["Tags"]')" '{"env": "test", "team": "payments"}' "tags"
    sqs delete-queue --queue-url "$QUEUE_URL" >/dev/null
    expect_error AWS.SimpleQueueService.NonExistentQueue get-queue-url --queue-name "$QUEUE_NAME"
    expect_error AWS.SimpleQueueService.QueueDeletedRecently create-queue --queue-name "$QUEUE_NAME"
}

case_send_receive_delete() {
    create_queue send
    local body=$'line1\r\nline2 \u2713 "quoted" & <tag>'
    local attrs='{"s":{"DataType":"String","StringValue":"v\u00e9"},"n":{"DataType":"Number","StringValue":"42"},"b":{"DataType":"Binary","BinaryValue":"raw bytes"}}'
    local binary_format=()
    # CLI v2 reads blob arguments as base64 unless told otherwise; v1 always takes them raw.
    [[ $SERVICE_ERROR_EXIT -eq 254 ]] && binary_format=(--cli-binary-format raw-in-base64-out)
    local sent
    sent=$(sqs send-message --queue-url "$QUEUE_URL" --message-body "$body" --message-attributes "$attrs" "${binary_format[@]}")
    expect_eq "$(jq_py 'd["MD5OfMessageBody"]' <<<"$sent")" "$(md5_of_body "$body")" "MD5OfMessageBody"
    expect_eq "$(jq_py 'd["MD5OfMessageAttributes"]' <<<"$sent")" "$(md5_of_attributes "$attrs")" "MD5OfMessageAttributes"
    local received
    received=$(sqs receive-message --queue-url "$QUEUE_URL" --message-attribute-names '.*' --attribute-names All)
    expect_eq "$(jq_py 'len(d["Messages"])' <<<"$received")" 1 "messages received"
    expect_eq "$(jq_py 'd["Messages"][0]["MessageId"]' <<<"$received")" "$(jq_py 'd["MessageId"]' <<<"$sent")" "MessageId"
    expect_eq "$(jq_py 'd["Messages"][0]["Body"]' <<<"$received")" "$body" "Body"
    expect_eq "$(jq_py 'd["Messages"][0]["MessageAttributes"]' <<<"$received")" \
        '{"b": {"BinaryValue": "cmF3IGJ5dGVz", "DataType": "Binary"}, "n": {"DataType": "Number", "StringValue": "42"}, "s": {"DataType": "String", "StringValue": "v\u00e9"}}' \
        "received message attributes"
    expect_eq "$(jq_py 'd["Messages"][0]["MD5OfMessageAttributes"]' <<<"$received")" "$(md5_of_attributes "$attrs")" "received MD5OfMessageAttributes"
    expect_eq "$(jq_py 'sorted(d["Messages"][0]["Attributes"])' <<<"$received")" \
        '["ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"]' "system attributes"
    sqs delete-message --queue-url "$QUEUE_URL" --receipt-handle "$(jq_py 'd["Messages"][0]["ReceiptHandle"]' <<<"$received")" >/dev/null
    expect_eq "$(counts)" "[0, 0, 0]" "counters after delete"
    expect_eq "$(sqs receive-message --queue-url "$QUEUE_URL" | jq_py 'd.get("Messages", [])')" "[]" "receive after delete"
    expect_error ReceiptHandleIsInvalid delete-message --queue-url "$QUEUE_URL" --receipt-handle garbage
}

case_change_message_visibility() {
    create_queue visibility
    sqs send-message --queue-url "$QUEUE_URL" --message-body "m" >/dev/null
    local handle
    handle=$(sqs receive-message --queue-url "$QUEUE_URL" --visibility-timeout 30 | jq_py 'd["Messages"][0]["ReceiptHandle"]')
    expect_eq "$(counts)" "[0, 1, 0]" "counters while in flight"
    sqs change-message-visibility --queue-url "$QUEUE_URL" --receipt-handle "$handle" --visibility-timeout 0 >/dev/null
    local again
    again=$(sqs receive-message --queue-url "$QUEUE_URL" --attribute-names ApproximateReceiveCount)
    expect_eq "$(jq_py 'd["Messages"][0]["Attributes"]' <<<"$again")" '{"ApproximateReceiveCount": "2"}' "receive count after visibility 0"
    sqs delete-message --queue-url "$QUEUE_URL" --receipt-handle "$(jq_py 'd["Messages"][0]["ReceiptHandle"]' <<<"$again")" >/dev/null
    expect_error InvalidParameterValue change-message-visibility --queue-url "$QUEUE_URL" \
        --receipt-handle "$(jq_py 'd["Messages"][0]["ReceiptHandle"]' <<<"$again")" --visibility-timeout 10
}

case_purge_queue() {
    create_queue purge
    sqs send-message --queue-url "$QUEUE_URL" --message-body "a" >/dev/null
    sqs send-message --queue-url "$QUEUE_URL" --message-body "b" --delay-seconds 60 >/dev/null
    expect_eq "$(counts)" "[1, 0, 1]" "counters before purge"
    sqs purge-queue --queue-url "$QUEUE_URL" >/dev/null
    expect_eq "$(counts)" "[0, 0, 0]" "counters after purge"
    expect_error AWS.SimpleQueueService.PurgeQueueInProgress purge-queue --queue-url "$QUEUE_URL"
}

case_tags() {
    create_queue tags
    expect_eq "$(sqs list-queue-tags --queue-url "$QUEUE_URL" | jq_py 'd.get("Tags", {})')" "{}" "tags of a new queue"
    sqs tag-queue --queue-url "$QUEUE_URL" --tags a=1,b=2 >/dev/null
    sqs tag-queue --queue-url "$QUEUE_URL" --tags b=3 >/dev/null
    expect_eq "$(sqs list-queue-tags --queue-url "$QUEUE_URL" | jq_py 'd["Tags"]')" '{"a": "1", "b": "3"}' "tags after TagQueue"
    sqs untag-queue --queue-url "$QUEUE_URL" --tag-keys a >/dev/null
    expect_eq "$(sqs list-queue-tags --queue-url "$QUEUE_URL" | jq_py 'd["Tags"]')" '{"b": "3"}' "tags after UntagQueue"
}

case_batches() {
    create_queue batch
    local sent
    sent=$(sqs send-message-batch --queue-url "$QUEUE_URL" --entries \
        '[{"Id":"one","MessageBody":"first"},{"Id":"two","MessageBody":"second","MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}},{"Id":"bad","MessageBody":"bell \u0008"}]')
    expect_eq "$(jq_py 'sorted(e["Id"] for e in d["Successful"])' <<<"$sent")" '["one", "two"]' "Successful ids"
    expect_eq "$(jq_py '[[e["Id"], e["Code"], e["SenderFault"]] for e in d["Failed"]]' <<<"$sent")" \
        '[["bad", "InvalidMessageContents", true]]' "Failed entries"
    expect_eq "$(jq_py '{e["Id"]: e["MD5OfMessageBody"] for e in d["Successful"]}' <<<"$sent")" \
        "{\"one\": \"$(md5_of_body first)\", \"two\": \"$(md5_of_body second)\"}" "MD5OfMessageBody per entry"
    local received
    received=$(sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 10 --visibility-timeout 30)
    expect_eq "$(jq_py 'sorted(m["Body"] for m in d["Messages"])' <<<"$received")" '["first", "second"]' "bodies received"
    local first second
    first=$(jq_py 'd["Messages"][0]["ReceiptHandle"]' <<<"$received")
    second=$(jq_py 'd["Messages"][1]["ReceiptHandle"]' <<<"$received")
    local changed
    changed=$(sqs change-message-visibility-batch --queue-url "$QUEUE_URL" --entries \
        "[{\"Id\":\"a\",\"ReceiptHandle\":\"$first\",\"VisibilityTimeout\":60},{\"Id\":\"bad\",\"ReceiptHandle\":\"garbage\",\"VisibilityTimeout\":0}]")
    expect_eq "$(jq_py '[e["Id"] for e in d["Successful"]]' <<<"$changed")" '["a"]' "ChangeMessageVisibilityBatch Successful"
    expect_eq "$(jq_py '[[e["Id"], e["Code"]] for e in d["Failed"]]' <<<"$changed")" '[["bad", "ReceiptHandleIsInvalid"]]' \
        "ChangeMessageVisibilityBatch Failed"
    local deleted
    deleted=$(sqs delete-message-batch --queue-url "$QUEUE_URL" --entries \
        "[{\"Id\":\"a\",\"ReceiptHandle\":\"$first\"},{\"Id\":\"b\",\"ReceiptHandle\":\"$second\"},{\"Id\":\"bad\",\"ReceiptHandle\":\"garbage\"}]")
    expect_eq "$(jq_py 'sorted(e["Id"] for e in d["Successful"])' <<<"$deleted")" '["a", "b"]' "DeleteMessageBatch Successful"
    expect_eq "$(jq_py '[[e["Id"], e["Code"], e["SenderFault"]] for e in d["Failed"]]' <<<"$deleted")" \
        '[["bad", "ReceiptHandleIsInvalid", true]]' "DeleteMessageBatch Failed"
    expect_eq "$(counts)" "[0, 0, 0]" "counters after the batch delete"
    expect_error AWS.SimpleQueueService.BatchEntryIdsNotDistinct send-message-batch --queue-url "$QUEUE_URL" --entries \
        '[{"Id":"same","MessageBody":"a"},{"Id":"same","MessageBody":"b"}]'
}

case_nonexistent_queue_error() {
    local name
    name="cli-missing-$(unique)"
    expect_error AWS.SimpleQueueService.NonExistentQueue get-queue-url --queue-name "$name"
    expect_error AWS.SimpleQueueService.NonExistentQueue send-message --queue-url "$SECQ_ENDPOINT/000000000000/$name" --message-body m
    expect_error AWS.SimpleQueueService.NonExistentQueue receive-message --queue-url "$SECQ_ENDPOINT/000000000000/$name"
}

case_caller_identity() {
    local identity
    identity=$("$AWS" sts get-caller-identity --endpoint-url "$SECQ_ENDPOINT" --output json 2>"$WORK/stderr") ||
        fail "sts get-caller-identity failed: $(cat "$WORK/stderr")"
    [[ $(jq -r .Account <<<"$identity") == 000000000000 ]] || fail "Account in $identity"
    [[ $(jq -r .UserId <<<"$identity") == "$AWS_ACCESS_KEY_ID" ]] || fail "UserId in $identity"
    [[ $(jq -r .Arn <<<"$identity") == arn:aws:iam::000000000000:user/* ]] || fail "Arn in $identity"
    if AWS_SECRET_ACCESS_KEY=not-the-secret "$AWS" sts get-caller-identity --endpoint-url "$SECQ_ENDPOINT" >/dev/null 2>"$WORK/stderr"; then
        fail "get-caller-identity with a wrong secret succeeded"
    fi
    grep -q "(SignatureDoesNotMatch)" "$WORK/stderr" || fail "wrong secret: expected SignatureDoesNotMatch, got: $(cat "$WORK/stderr")"
}

case_region_namespace() {
    local name home eu
    name="cli-region-$(unique)"
    home=$("$AWS" sqs create-queue --queue-name "$name" --endpoint-url "$SECQ_ENDPOINT" --output text --query QueueUrl) || fail "create-queue failed"
    eu=$("$AWS" sqs create-queue --region eu-west-1 --queue-name "$name" --endpoint-url "$SECQ_ENDPOINT" --output text --query QueueUrl) ||
        fail "create-queue in eu-west-1 failed"
    [[ $home == "$SECQ_ENDPOINT/000000000000/$name" ]] || fail "us-east-1 URL $home"
    [[ $eu == "$SECQ_ENDPOINT/eu-west-1/000000000000/$name" ]] || fail "eu-west-1 URL $eu"
    "$AWS" sqs send-message --region eu-west-1 --queue-url "$eu" --message-body hi --endpoint-url "$SECQ_ENDPOINT" >/dev/null || fail "send in eu-west-1 failed"
    [[ $("$AWS" sqs get-queue-attributes --queue-url "$home" --attribute-names ApproximateNumberOfMessages --endpoint-url "$SECQ_ENDPOINT" \
        --output text --query Attributes.ApproximateNumberOfMessages) == 0 ]] || fail "the us-east-1 queue of the same name got the message"
    [[ $("$AWS" sqs get-queue-attributes --region eu-west-1 --queue-url "$eu" --attribute-names QueueArn --endpoint-url "$SECQ_ENDPOINT" \
        --output text --query Attributes.QueueArn) == "arn:aws:sqs:eu-west-1:000000000000:$name" ]] || fail "eu-west-1 QueueArn"
}

case_fifo_queue_attributes() {
    QUEUE_SUFFIX=.fifo create_queue fifo --attributes FifoQueue=true,ContentBasedDeduplication=true
    expect_eq "$(sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names All |
        jq_py '[d["Attributes"][k] for k in ("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")]')" \
        '["true", "true", "queue", "perQueue"]' "FIFO attributes"
    expect_error InvalidAttributeValue set-queue-attributes --queue-url "$QUEUE_URL" --attributes FifoQueue=true
    sqs set-queue-attributes --queue-url "$QUEUE_URL" --attributes DeduplicationScope=messageGroup,FifoThroughputLimit=perMessageGroupId >/dev/null
    expect_eq "$(sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names FifoThroughputLimit | jq_py 'd["Attributes"]')" \
        '{"FifoThroughputLimit": "perMessageGroupId"}' "high throughput set"
    expect_error InvalidAttributeValue set-queue-attributes --queue-url "$QUEUE_URL" --attributes DeduplicationScope=queue
    expect_error InvalidAttributeName create-queue --queue-name "cli-std-$(unique)" --attributes DeduplicationScope=queue
    expect_error InvalidParameterValue create-queue --queue-name "cli-std-$(unique)" --attributes FifoQueue=true
    expect_error InvalidParameterValue create-queue --queue-name "cli-nofifo-$(unique).fifo"
}

case_fifo_send_receive() {
    QUEUE_SUFFIX=.fifo create_queue fifo --attributes FifoQueue=true
    expect_error MissingParameter send-message --queue-url "$QUEUE_URL" --message-body m --message-deduplication-id d
    expect_error InvalidParameterValue send-message --queue-url "$QUEUE_URL" --message-body m --message-group-id g
    expect_error InvalidParameterValue send-message --queue-url "$QUEUE_URL" --message-body m --message-group-id g \
        --message-deduplication-id d --delay-seconds 2
    local first second other duplicate
    first=$(sqs send-message --queue-url "$QUEUE_URL" --message-body one --message-group-id g1 --message-deduplication-id d1)
    other=$(sqs send-message --queue-url "$QUEUE_URL" --message-body other --message-group-id g2 --message-deduplication-id d2)
    second=$(sqs send-message --queue-url "$QUEUE_URL" --message-body two --message-group-id g1 --message-deduplication-id d3)
    duplicate=$(sqs send-message --queue-url "$QUEUE_URL" --message-body again --message-group-id g1 --message-deduplication-id d1)
    expect_eq "$(jq_py '[d["MessageId"], d["SequenceNumber"]]' <<<"$duplicate")" "$(jq_py '[d["MessageId"], d["SequenceNumber"]]' <<<"$first")" \
        "a duplicate answers with the original MessageId and SequenceNumber"
    [[ $(jq_py 'int(d["SequenceNumber"])' <<<"$first") -lt $(jq_py 'int(d["SequenceNumber"])' <<<"$second") ]] ||
        fail "sequence numbers of g1 do not increase"
    expect_eq "$(counts)" "[3, 0, 0]" "three messages stored, the duplicate not"
    local received
    # Long enough for the whole case: each CLI call starts a Python process, seconds apiece on a loaded machine, and "other"
    # must stay in flight until the last receive.
    received=$(sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 10 --attribute-names All --visibility-timeout 600 \
        --receive-request-attempt-id attempt-1)
    expect_eq "$(jq_py '[m["Body"] for m in d["Messages"]]' <<<"$received")" '["one", "two", "other"]' "g1 in order, then g2"
    expect_eq "$(jq_py '[[m["Attributes"]["MessageGroupId"], m["Attributes"]["MessageDeduplicationId"]] for m in d["Messages"]]' <<<"$received")" \
        '[["g1", "d1"], ["g1", "d3"], ["g2", "d2"]]' "MessageGroupId and MessageDeduplicationId"
    expect_eq "$(jq_py 'd["Messages"][0]["Attributes"]["SequenceNumber"]' <<<"$received")" "$(jq_py 'd["SequenceNumber"]' <<<"$first")" "SequenceNumber"
    local retried
    retried=$(sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 10 --visibility-timeout 600 --receive-request-attempt-id attempt-1)
    expect_eq "$(jq_py '[m["ReceiptHandle"] for m in d["Messages"]]' <<<"$retried")" "$(jq_py '[m["ReceiptHandle"] for m in d["Messages"]]' <<<"$received")" \
        "a retried attempt returns the same receipt handles"
    expect_eq "$(sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 10 | jq_py 'd.get("Messages", [])')" "[]" "both groups in flight"
    sqs change-message-visibility --queue-url "$QUEUE_URL" --receipt-handle "$(jq_py 'd["Messages"][1]["ReceiptHandle"]' <<<"$received")" \
        --visibility-timeout 0 >/dev/null
    expect_eq "$(sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 10 | jq_py 'd.get("Messages", [])')" "[]" \
        "two is visible again but one, ahead of it, is in flight"
    sqs delete-message --queue-url "$QUEUE_URL" --receipt-handle "$(jq_py 'd["Messages"][0]["ReceiptHandle"]' <<<"$received")" >/dev/null
    expect_eq "$(sqs receive-message --queue-url "$QUEUE_URL" --max-number-of-messages 10 | jq_py '[m["Body"] for m in d["Messages"]]')" '["two"]' \
        "after one is deleted, two is delivered"
}

case_fifo_batch_and_dead_letter_queue() {
    QUEUE_SUFFIX=.fifo create_queue fifo-dlq --attributes FifoQueue=true
    local dlq_arn="arn:aws:sqs:us-east-1:000000000000:$QUEUE_NAME" dlq_url=$QUEUE_URL
    QUEUE_SUFFIX=.fifo create_queue fifo-src --attributes FifoQueue=true,ContentBasedDeduplication=true
    expect_error InvalidParameterValue send-message-batch --queue-url "$QUEUE_URL" --entries \
        '[{"Id":"a","MessageBody":"a","MessageGroupId":"g"},{"Id":"b","MessageBody":"b"}]'
    local sent
    sent=$(sqs send-message-batch --queue-url "$QUEUE_URL" --entries \
        '[{"Id":"a","MessageBody":"a","MessageGroupId":"g"},{"Id":"b","MessageBody":"b","MessageGroupId":"g"}]')
    expect_eq "$(jq_py 'sorted(e["Id"] for e in d["Successful"] if e["SequenceNumber"].isdigit())' <<<"$sent")" '["a", "b"]' "SequenceNumber per entry"
    sqs set-queue-attributes --queue-url "$QUEUE_URL" \
        --attributes "{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":\\\"1\\\"}\"}" >/dev/null
    expect_eq "$(sqs receive-message --queue-url "$QUEUE_URL" --visibility-timeout 0 | jq_py 'd["Messages"][0]["Body"]')" "a" "first delivery"
    expect_eq "$(sqs receive-message --queue-url "$QUEUE_URL" --visibility-timeout 30 --max-number-of-messages 10 |
        jq_py '[m["Body"] for m in d.get("Messages", [])]')" '["b"]' \
        "a moved to the dead-letter queue; b, behind it, delivered"
    local moved
    moved=$(sqs receive-message --queue-url "$dlq_url" --attribute-names All)
    expect_eq "$(jq_py '[d["Messages"][0]["Body"], d["Messages"][0]["Attributes"]["MessageGroupId"]]' <<<"$moved")" '["a", "g"]' "moved message"
    expect_eq "$(jq_py 'd["Messages"][0]["Attributes"]["MessageDeduplicationId"] == d["Messages"][0]["MessageId"]' <<<"$moved")" "true" \
        "MessageDeduplicationId is the MessageId on the dead-letter queue"
}

"case_$CASE"
echo "ok $CASE ($VERSION)"
