using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CadrePipeline.Azure.Api;

/// <summary>
/// Reads the file of a <c>multipart/form-data</c> upload as a stream, without buffering the form: the first file part
/// is handed to the caller as it arrives. A declared <c>Content-Length</c> above the limit is refused before anything is
/// read, and the host's own body limit is set to it for this request (Kestrel's default, 30 MB, is below the default
/// file limit of 50 MB).
/// </summary>
internal static class MultipartUpload
{
    /// <summary>Room for the boundaries, the part headers and a few small form fields beside the file.</summary>
    public const long Overhead = 64 * 1024;

    public static long MaxRequestBytes(long maxFileBytes) => maxFileBytes + Overhead;

    public static async Task<ApiResult> ReadFileAsync(HttpRequest request, long maxFileBytes, Func<string, Stream, Task<ApiResult>> useFile, CancellationToken cancellationToken)
    {
        var maxRequest = MaxRequestBytes(maxFileBytes);
        if (request.ContentLength > maxRequest)
        {
            return TooLarge(maxFileBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxRequest;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return ApiResult.BadRequest("multipart-required", "请以 multipart/form-data 上传文件", "Upload the file as multipart/form-data");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName;
                    return await useFile(HeaderUtilities.RemoveQuotes(name).Value ?? "", section.Body);
                }

                // A field before the file: skip it, but no further than the room left for fields.
                await section.Body.DrainAsync(Overhead, cancellationToken);
            }
        }
        catch (InvalidDataException)
        {
            return ApiResult.BadRequest("multipart-invalid", "上传内容格式不正确，请重新选择文件上传", "The multipart body is malformed");
        }

        return ApiResult.BadRequest("file-missing", "请求中没有文件", "The request holds no file");
    }

    /// <summary>The 413 answer, naming the limit in the units a clerk reads.</summary>
    public static ApiResult TooLarge(long limitBytes)
    {
        var size = limitBytes >= 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{limitBytes / 1024.0 / 1024.0:0.#} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{limitBytes / 1024.0:0.#} KB");
        return new ApiResult(413, new ApiError("file-too-large", $"文件超过上限 {size}，未保存", $"The file exceeds the {size} limit; nothing was stored"));
    }
}
