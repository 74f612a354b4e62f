using System.Diagnostics.CodeAnalysis;

// What the host (secq) uses of this module, the only types left public here; CA1515 flags any other public type.

[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:SecureQueue.Sqs.SqsHosting", Justification = "secq serve")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:SecureQueue.Sqs.SqsActions", Justification = "secq policy replay")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:SecureQueue.Sqs.PolicyReplay", Justification = "secq policy replay")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:SecureQueue.Sqs.ReplayReport", Justification = "secq policy replay")]
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:SecureQueue.Sqs.ReplayChange", Justification = "secq policy replay")]
