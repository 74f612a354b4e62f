using System.Text.Json.Serialization;

namespace SecureQueue.Log.Audit;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckpointLine))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
