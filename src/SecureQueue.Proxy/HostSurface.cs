using System.Diagnostics.CodeAnalysis;

// What the host (secq) uses of this module, the only types left public here; CA1515 flags any other public type.

[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:SecureQueue.Proxy.FrontDoorHosting", Justification = "secq serve")]
