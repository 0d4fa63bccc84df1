using System.Text;
using Microsoft.AspNetCore.Http;

namespace CadrePipeline.Functions.Tests.Api;

/// <summary>A multipart/form-data body with one file, as a browser sends it, put on a test request.</summary>
internal static class Multipart
{
    public const string Boundary = "----cadre-test-boundary";

    public static HttpRequest Request(HttpRequest request, string fileName, byte[] content)
    {
        var head = Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: text/csv\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n");
        var body = new MemoryStream();
        body.Write(head);
        body.Write(content);
        body.Write(tail);
        body.Position = 0;
        request.Method = "POST";
        request.ContentType = $"multipart/form-data; boundary={Boundary}";
        request.ContentLength = body.Length;
        request.Body = body;
        return request;
    }
}
