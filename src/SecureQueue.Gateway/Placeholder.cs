namespace SecureQueue.Gateway;
internal static class Placeholder { }
