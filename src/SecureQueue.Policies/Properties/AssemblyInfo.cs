using System.Runtime.CompilerServices;

// The matchers and the JSON reader are internal; their tests exercise them directly.
[assembly: InternalsVisibleTo("SecureQueue.Policies.Tests")]
