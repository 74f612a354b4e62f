#!/usr/bin/env bash
# Message move task cases for a running SecureQueue gateway, driven by a real AWS CLI: v1 (SQS JSON protocol) and
# Debian's v2 (Query). Expected outcomes are Amazon SQS's.
#
#   move_cases.sh <aws-binary> <case-name>    run one case: exit 0 on success, 1 with the reason on failure
#   move_cases.sh <aws-binary> --list         print the case names, one a line
#
# Debian's AWS CLI 2.9 predates start-message-move-task, list-message-move-tasks and cancel-message-move-task (added in
# 2.13). For a CLI that lacks them, those three commands run with the SQS model of the current botocore (python3's)
# on AWS_DATA_PATH, the CLI's documented way to add a service model: that model speaks JSON, so this CLI then sends
# those three commands as JSON. Every other command, and the protocol check, is the CLI's own.
# Environment: as cli_cases.sh.
set -euo pipefail

CASES=(move_task_start_list_cancel move_task_default_destination move_task_errors)

# shellcheck source=tests/clients/cli/case_args.sh
source "$(dirname "${BASH_SOURCE[0]}")/case_args.sh"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VERSION=$("$AWS" --version 2>&1)
if [[ $VERSION == aws-cli/1.* ]]; then SERVICE_ERROR_EXIT=255; else SERVICE_ERROR_EXIT=254; fi
ARN_PREFIX=arn:aws:sqs:us-east-1:000000000000

trap 'exit 1' USR1
fail() {
    echo "FAIL $CASE ($VERSION): $*" >&2
    [[ $BASHPID -eq $$ ]] || kill -USR1 $$
    exit 1
}

MOVE_ENV=()
if ! "$AWS" sqs start-message-move-task help >/dev/null 2>&1; then
    mkdir -p "$WORK/models/sqs/2012-11-05"
    python3 -c '
import botocore, gzip, os, sys
path = os.path.join(os.path.dirname(botocore.__file__), "data", "sqs", "2012-11-05", "service-2.json.gz")
open(sys.argv[1], "wb").write(gzip.open(path).read())' "$WORK/models/sqs/2012-11-05/service-2.json"
    MOVE_ENV=(env "AWS_DATA_PATH=$WORK/models")
    "${MOVE_ENV[@]}" "$AWS" sqs start-message-move-task help >/dev/null 2>&1 || fail "the added model gives $AWS no start-message-move-task"
fi

# Runs `aws sqs ...` (a move task command through MOVE_ENV); prints its JSON output ({} when the CLI prints nothing).
sqs() {
    local output runner=()
    [[ $1 != *message-move-task* ]] || runner=("${MOVE_ENV[@]}")
    if ! output=$("${runner[@]}" "$AWS" sqs "$@" --endpoint-url "$SECQ_ENDPOINT" --output json 2>"$WORK/stderr"); then
        fail "aws sqs $1 failed: $(cat "$WORK/stderr")"
    fi
    [[ -n $output ]] || output='{}'
    printf '%s\n' "$output"
}

jq_py() {
    python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
value = eval(sys.argv[1], {"d": d, "sorted": sorted, "len": len})
print(value if isinstance(value, str) else json.dumps(value, sort_keys=True))' "$1"
}

expect_eq() {
    [[ $1 == "$2" ]] || fail "$3: expected '$2', got '$1'"
}

# Runs a move task command expecting a service error with the given code and, when given, message.
expect_error() {
    local code=$1 message=$2 rc=0
    shift 2
    "${MOVE_ENV[@]}" "$AWS" sqs "$@" --endpoint-url "$SECQ_ENDPOINT" --output json >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
    [[ $rc -eq $SERVICE_ERROR_EXIT ]] || fail "aws sqs $1 exited $rc, expected $SERVICE_ERROR_EXIT for $code: $(cat "$WORK/stderr")"
    grep -qF "An error occurred ($code) when calling the" "$WORK/stderr" || fail "aws sqs $1: expected $code, stderr: $(cat "$WORK/stderr")"
    [[ -z $message ]] || grep -qF "$message" "$WORK/stderr" || fail "aws sqs $1: expected message '$message', stderr: $(cat "$WORK/stderr")"
}

unique() {
    local uuid
    uuid=$(</proc/sys/kernel/random/uuid)
    uuid=${uuid//-/}
    printf '%s\n' "${uuid:0:12}"
}

# Creates a uniquely named queue (QUEUE_NAME, QUEUE_URL), checking with --debug that the CLI speaks the expected protocol.
create_queue() {
    local name
    name="cli-$1-$(unique)"
    shift
    "$AWS" sqs create-queue --queue-name "$name" "$@" --endpoint-url "$SECQ_ENDPOINT" --output json --debug >/dev/null 2>"$WORK/debug" ||
        fail "create-queue failed: $(grep -v ' - DEBUG - \| - INFO - ' "$WORK/debug" | tail -5)"
    local protocol=unknown
    if grep -q "'Content-Type': 'application/x-amz-json-1.0'" "$WORK/debug"; then
        protocol=json
    elif grep -q "'Content-Type': 'application/x-www-form-urlencoded" "$WORK/debug"; then
        protocol=query
    fi
    if [[ -n ${SECQ_EXPECT_PROTOCOL:-} ]]; then
        expect_eq "$protocol" "$SECQ_EXPECT_PROTOCOL" "protocol spoken by $AWS"
    fi
    QUEUE_NAME=$name
    QUEUE_URL="$SECQ_ENDPOINT/000000000000/$name"
}

# Makes DLQ_NAME the dead-letter queue (maxReceiveCount 1) of the queue at $1 and drives $2 messages of it there.
dead_letter() {
    local source=$1 count=$2 seen=0 target
    target=$(($(visible "$SECQ_ENDPOINT/000000000000/$DLQ_NAME") + count))
    sqs set-queue-attributes --queue-url "$source" \
        --attributes "{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$ARN_PREFIX:$DLQ_NAME\\\",\\\"maxReceiveCount\\\":\\\"1\\\"}\"}" >/dev/null
    for ((i = 0; i < count; i += 10)); do
        sqs send-message-batch --queue-url "$source" --entries "$(python3 -c '
import json, sys
first, count = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps([{"Id": f"m{i}", "MessageBody": f"moved-{i}"} for i in range(first, min(first + 10, count))]))' "$i" "$count")" >/dev/null
    done
    while ((seen < count)); do
        seen=$((seen + $(sqs receive-message --queue-url "$source" --max-number-of-messages 10 --visibility-timeout 0 | jq_py 'len(d.get("Messages", []))')))
    done
    # Each receive over maxReceiveCount moves what it claims (at most 10) and delivers nothing.
    while (($(visible "$SECQ_ENDPOINT/000000000000/$DLQ_NAME") < target)); do
        expect_eq "$(sqs receive-message --queue-url "$source" --max-number-of-messages 10 --visibility-timeout 0 | jq_py 'len(d.get("Messages", []))')" 0 \
            "receives over maxReceiveCount deliver nothing"
    done
}

visible() {
    sqs get-queue-attributes --queue-url "$1" --attribute-names ApproximateNumberOfMessages | jq_py 'd["Attributes"]["ApproximateNumberOfMessages"]'
}

# Waits (up to 30 s) until the newest task of source ARN $1 has status $2; prints its entry.
wait_for() {
    local entry status
    for ((i = 0; i < 150; i++)); do
        entry=$(sqs list-message-move-tasks --source-arn "$1" | jq_py 'd["Results"][0]')
        status=$(jq_py 'd["Status"]' <<<"$entry")
        [[ $status != "$2" ]] || { printf '%s\n' "$entry"; return; }
        sleep 0.2
    done
    fail "task of $1 is $status after 30 s, expected $2"
}

case_move_task_start_list_cancel() {
    create_queue mv-src --attributes VisibilityTimeout=0
    local source=$QUEUE_URL
    create_queue mv-dlq
    local dlq=$QUEUE_URL
    DLQ_NAME=$QUEUE_NAME
    create_queue mv-dest
    local dest=$QUEUE_URL dest_name=$QUEUE_NAME
    dead_letter "$source" 20
    local handle entry moved
    handle=$(sqs start-message-move-task --source-arn "$ARN_PREFIX:$DLQ_NAME" --destination-arn "$ARN_PREFIX:$dest_name" \
        --max-number-of-messages-per-second 1 | jq_py 'd["TaskHandle"]')
    [[ -n $handle ]] || fail "no TaskHandle"
    entry=$(sqs list-message-move-tasks --source-arn "$ARN_PREFIX:$DLQ_NAME" --max-results 10 | jq_py 'd["Results"][0]')
    expect_eq "$(jq_py 'd["Status"]' <<<"$entry")" RUNNING "status"
    expect_eq "$(jq_py 'd["TaskHandle"]' <<<"$entry")" "$handle" "TaskHandle while RUNNING"
    expect_eq "$(jq_py 'd["MaxNumberOfMessagesPerSecond"]' <<<"$entry")" 1 "MaxNumberOfMessagesPerSecond"
    expect_eq "$(jq_py 'd["ApproximateNumberOfMessagesToMove"]' <<<"$entry")" 20 "ApproximateNumberOfMessagesToMove"
    moved=$(sqs cancel-message-move-task --task-handle "$handle" | jq_py 'd["ApproximateNumberOfMessagesMoved"]')
    ((moved < 20)) || fail "ApproximateNumberOfMessagesMoved $moved at cancel"
    entry=$(wait_for "$ARN_PREFIX:$DLQ_NAME" CANCELLED)
    moved=$(jq_py 'd["ApproximateNumberOfMessagesMoved"]' <<<"$entry")
    expect_eq "$(($(visible "$dest") + $(visible "$dlq")))" 20 "every message in one queue or the other"
    expect_eq "$(visible "$dest")" "$moved" "moved messages in the destination"
    expect_error InvalidParameterValue "" cancel-message-move-task --task-handle "$handle"
}

case_move_task_default_destination() {
    create_queue mv-a --attributes VisibilityTimeout=0
    local a=$QUEUE_URL
    create_queue mv-b --attributes VisibilityTimeout=0
    local b=$QUEUE_URL
    create_queue mv-ab-dlq
    local dlq=$QUEUE_URL entry
    DLQ_NAME=$QUEUE_NAME
    dead_letter "$a" 2
    dead_letter "$b" 1
    sqs start-message-move-task --source-arn "$ARN_PREFIX:$DLQ_NAME" >/dev/null
    entry=$(wait_for "$ARN_PREFIX:$DLQ_NAME" COMPLETED)
    expect_eq "$(jq_py 'd["ApproximateNumberOfMessagesMoved"]' <<<"$entry")" 3 "moved"
    expect_eq "$(jq_py '"DestinationArn" in d' <<<"$entry")" false "no DestinationArn when none was given"
    expect_eq "$(visible "$a")" 2 "back in source a"
    expect_eq "$(visible "$b")" 1 "back in source b"
    expect_eq "$(visible "$dlq")" 0 "the dead-letter queue is empty"
}

case_move_task_errors() {
    create_queue mv-plain
    expect_error InvalidParameterValue "Source queue must be configured as a Dead Letter Queue." \
        start-message-move-task --source-arn "$ARN_PREFIX:$QUEUE_NAME"
    expect_error ResourceNotFoundException "The resource that you specified for the SourceArn parameter doesn't exist." \
        list-message-move-tasks --source-arn "$ARN_PREFIX:missing-$(unique)"
    expect_error InvalidParameterValue "Value for parameter TaskHandle is invalid." cancel-message-move-task --task-handle not-a-handle
    expect_error InvalidParameterValue "" list-message-move-tasks --source-arn "$ARN_PREFIX:$QUEUE_NAME" --max-results 11
}

"case_$CASE"
echo "ok $CASE ($VERSION)"
