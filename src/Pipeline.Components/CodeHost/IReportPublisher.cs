namespace Pipeline.Components.CodeHost;

/// <summary>Posts the report as the one sticky comment of a pull or merge request.</summary>
public interface IReportPublisher
{
    /// <summary>Creates the comment, or updates the one carrying the publisher's marker (<see cref="CommentMarker.Report"/> for the report); returns its URL or id.</summary>
    Task<string> PublishAsync(string body, CancellationToken cancellationToken);
}
