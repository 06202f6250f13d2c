using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>The <c>Kind.group</c> spelling of KEP-3659 (ApplySets): <c>Deployment.apps</c>, <c>Service</c> for the core group.</summary>
internal static class GroupKinds
{
    public static string Of(string kind, string group) => group.Length == 0 ? kind : $"{kind}.{group}";

    /// <summary>(kind, group) of a <c>Kind.group</c> text.</summary>
    public static (string Kind, string Group) Parse(string groupKind)
    {
        var dot = groupKind.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (groupKind, "") : (groupKind[..dot], groupKind[(dot + 1)..]);
    }
}
