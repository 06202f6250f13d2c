using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>A resource the cluster serves, as its discovery document lists it: the plural in the URL and whether it lives in namespaces.</summary>
internal sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced);
