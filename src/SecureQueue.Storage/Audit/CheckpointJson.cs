using System.Text.Json.Serialization;

namespace SecureQueue.Storage.Audit;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckpointLine))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
