namespace Pipeline.Build;

/// <summary>Marks a parameter as a secret: its value is masked in every line of output and never written to disk.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
