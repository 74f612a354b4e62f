namespace SecureQueue.Crypto;
internal static class Placeholder { }
