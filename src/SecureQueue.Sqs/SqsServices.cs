using SecureQueue.Crypto.Receipts;
using SecureQueue.Log.Events;
using SecureQueue.Log.Queues;
using SecureQueue.Log.Signals;
using SecureQueue.Gateway;

namespace SecureQueue.Sqs;

/// <summary>The long-lived services actions use; one instance per process.</summary>
internal sealed record SqsServices(
    LogWriter Writer, QueueReader Reader, QueueSignals Signals, ReceiptHandleCodec Receipts, Gateway.Keys.KeyService Keys, Sqs.Messages.MessageMetrics Metrics, GatewayOptions Options, TimeProvider Time,
    MoveTasks.MoveTaskServices MoveTasks, Gateway.Hosting.PurgeSweeper Purges);
