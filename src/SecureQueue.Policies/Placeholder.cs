namespace SecureQueue.Policies;
internal static class Placeholder { }
