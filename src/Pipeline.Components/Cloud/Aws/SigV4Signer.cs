using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Components.Cloud.Aws;

/// <summary>
/// AWS Signature Version 4, as the "Create a signed AWS API request" guide specifies: canonical request, string to
/// sign, HMAC key chain; as an Authorization header or a presigned URL (the EKS token).
/// </summary>
/// <remarks>Our own because AWSSDK.Core's signer signs only the SDK's own request objects, and ECR and EKS have no SDK client here.</remarks>
public static class SigV4Signer
{
    internal const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The payload hash S3 accepts for presigned URLs.</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>The SHA-256 of an empty body, hex, as SigV4 hashes a request without one.</summary>
    public static readonly string EmptyPayloadHash = Hex(SHA256.HashData([]));

    /// <summary>
    /// The headers to add to the request: <c>x-amz-date</c>, <c>x-amz-security-token</c> for a session and <c>Authorization</c>.
    /// <paramref name="headers"/> are the other headers to sign (the host is always signed).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Sign(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string payloadHash,
        AwsCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var stamp = Stamp(now);
        var added = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-amz-date"] = stamp };
        if (credentials.SessionToken is { Length: > 0 } session)
            added["x-amz-security-token"] = session;
        var signed = Canonical(headers.Concat(added), uri);
        var scope = Scope(now, region, service);
        var signature = Signature(method, uri, CanonicalQuery(Query(uri)), signed, payloadHash, credentials, scope, stamp, now, region, service);
        added["Authorization"] = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', signed.Keys)}, Signature={signature}";
        return added;
    }

    /// <summary>A presigned URL: the signature in the query string, valid for <paramref name="expires"/>.</summary>
    public static Uri Presign(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string payloadHash,
        AwsCredentials credentials, string region, string service, DateTimeOffset now, TimeSpan expires)
    {
        var stamp = Stamp(now);
        var scope = Scope(now, region, service);
        var signed = Canonical(headers, uri);
        var query = Query(uri);
        query.Add(("X-Amz-Algorithm", Algorithm));
        query.Add(("X-Amz-Credential", $"{credentials.AccessKeyId}/{scope}"));
        query.Add(("X-Amz-Date", stamp));
        query.Add(("X-Amz-Expires", ((int)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        if (credentials.SessionToken is { Length: > 0 } session)
            query.Add(("X-Amz-Security-Token", session));
        query.Add(("X-Amz-SignedHeaders", string.Join(';', signed.Keys)));
        var canonicalQuery = CanonicalQuery(query);
        var signature = Signature(method, uri, canonicalQuery, signed, payloadHash, credentials, scope, stamp, now, region, service);
        return new UriBuilder(uri) { Query = $"{canonicalQuery}&X-Amz-Signature={signature}" }.Uri;
    }

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Signature(string method, Uri uri, string canonicalQuery, SortedDictionary<string, string> signed, string payloadHash,
        AwsCredentials credentials, string scope, string stamp, DateTimeOffset now, string region, string service)
    {
        var canonicalRequest = string.Join('\n',
            method, CanonicalPath(uri), canonicalQuery,
            string.Concat(signed.Select(header => $"{header.Key}:{header.Value}\n")),
            string.Join(';', signed.Keys), payloadHash);
        var stringToSign = $"{Algorithm}\n{stamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        key = Hmac(Hmac(Hmac(key, region), service), "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Scope(DateTimeOffset now, string region, string service) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/aws4_request";

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>Lower-case names, values trimmed with inner runs of spaces collapsed, sorted by name; the host always included.</summary>
    private static SortedDictionary<string, string> Canonical(IEnumerable<KeyValuePair<string, string>> headers, Uri uri)
    {
        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority };
        foreach (var (name, value) in headers)
            canonical[name.ToLowerInvariant()] = string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return canonical;
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        return path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(Encode));
    }

    private static List<(string Name, string Value)> Query(Uri uri) =>
        [.. uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : ""))];

    private static string CanonicalQuery(IEnumerable<(string Name, string Value)> query) =>
        string.Join('&', query.Select(pair => (Name: Encode(pair.Name), Value: Encode(pair.Value)))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Name}={pair.Value}"));

    /// <summary>RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
