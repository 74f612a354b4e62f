namespace SecureQueue.Policies.Documents;

/// <summary>How large a compiled policy is: statements, named principals and condition clauses (operator and key).</summary>
public sealed record PolicySize(int Statements, int Principals, int Conditions);
