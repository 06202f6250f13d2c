using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>The controller object whose status says whether a GitOps commit is applied: an Argo CD Application or a Flux Kustomization.</summary>
internal sealed record GitOpsWatch(GitOpsController Controller, string Namespace, string Name)
{
    /// <summary>"argocd:NAMESPACE/NAME" or "flux:NAMESPACE/NAME".</summary>
    public static GitOpsWatch Parse(string text)
    {
        var (kind, rest) = text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (text[..colon], text[(colon + 1)..]) : ("", text);
        var parts = rest.Split('/');
        var controller = kind.ToLowerInvariant() switch
        {
            "argocd" or "argo" => GitOpsController.ArgoCd,
            "flux" => GitOpsController.Flux,
            _ => (GitOpsController?)null,
        };
        if (controller is null || parts.Length != 2 || parts.Any(part => part.Length == 0))
            throw new GitOpsException($"--gitops-wait '{text}' is not argocd:NAMESPACE/NAME (an Argo CD Application) or flux:NAMESPACE/NAME (a Flux Kustomization), such as argocd:argocd/model-serving.");
        return new GitOpsWatch(controller.Value, parts[0], parts[1]);
    }

    /// <summary>How messages name it.</summary>
    public override string ToString() => $"{(Controller == GitOpsController.ArgoCd ? "Argo CD Application" : "Flux Kustomization")} {Namespace}/{Name}";
}
