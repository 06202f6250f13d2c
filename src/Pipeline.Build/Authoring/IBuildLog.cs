namespace Pipeline.Build;

/// <summary>Build output. Every line is masked for secrets and copied to <c>.nuke/temp/build.log</c>.</summary>
public interface IBuildLog
{
    /// <summary>An informational line.</summary>
    void Info(string message);

    /// <summary>A warning line.</summary>
    void Warn(string message);

    /// <summary>An error line.</summary>
    void Error(string message);

    /// <summary>Masks a secret obtained at run time (a token, a password from a CI variable) in every later line.</summary>
    void MaskSecret(string value);

    /// <summary>Progress of a long step; printed at most once per second per step, and always at completion.</summary>
    void Progress(string step, int done, int total);
}
