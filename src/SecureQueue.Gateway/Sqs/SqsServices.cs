using SecureQueue.Crypto.Receipts;
using SecureQueue.Storage.Log;
using SecureQueue.Storage.Queues;
using SecureQueue.Storage.Signals;

namespace SecureQueue.Gateway.Sqs;

/// <summary>The long-lived services actions use; one instance per process.</summary>
public sealed record SqsServices(
    LogWriter Writer, QueueReader Reader, QueueSignals Signals, ReceiptHandleCodec Receipts, Keys.KeyService Keys, Sqs.Messages.MessageMetrics Metrics, GatewayOptions Options, TimeProvider Time);
