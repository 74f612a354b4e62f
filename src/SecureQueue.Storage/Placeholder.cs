namespace SecureQueue.Storage;
internal static class Placeholder { }
