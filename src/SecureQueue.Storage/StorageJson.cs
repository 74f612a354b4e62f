using System.Text.Json.Serialization;

namespace SecureQueue.Storage;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
