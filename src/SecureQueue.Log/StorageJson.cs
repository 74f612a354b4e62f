using System.Text.Json.Serialization;

namespace SecureQueue.Log;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
