using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CadrePipeline.Azure.Api;

/// <summary>One call of a route, after its access code was checked: the grant, the route values and the request.</summary>
public sealed class ApiCall(AccessGrant grant, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues)
{
    public AccessGrant Grant { get; } = grant;

    /// <summary>The request, for a handler that reads the body (the upload).</summary>
    public HttpRequest Request { get; } = request;

    /// <summary>A route value (<c>{id}</c>, <c>{county}</c>…), or null.</summary>
    public string? Route(string name) => routeValues.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    /// <summary>A query parameter, or null when absent or empty.</summary>
    public string? Query(string name)
    {
        string? v = Request.Query[name];
        return string.IsNullOrEmpty(v) ? null : v;
    }
}

/// <summary>
/// Runs a route of <see cref="ApiRoutes"/> for either host: checks the access code in <see cref="AccessControl.HeaderName"/>
/// against the route's <see cref="ApiRole"/> (401/403 before anything is read), then runs the handler.
/// </summary>
public sealed class ApiDispatcher(CadreApiGateway gateway, AccessControl access)
{
    public async Task<ApiResponse> InvokeAsync(ApiRoute route, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(request);
        string? token = request.Headers[AccessControl.HeaderName];
        var grant = access.Authenticate(token);
        if (grant is null)
        {
            return new ApiResponse(access.Unauthenticated(token));
        }

        var call = new ApiCall(grant, request, routeValues);
        var denied = Authorize(route, call);
        if (denied is not null)
        {
            return new ApiResponse(denied);
        }

        try
        {
            return new ApiResponse(await route.Handler(gateway, call, cancellationToken));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The host's own body limit (set per request by MultipartUpload) was reached outside the file.
            return new ApiResponse(MultipartUpload.TooLarge(gateway.MaxUploadBytes));
        }
    }

    /// <summary>The same, with the route values of a host that routed the request itself (ASP.NET Core).</summary>
    public Task<ApiResponse> InvokeAsync(ApiRoute route, HttpContext context) =>
        InvokeAsync(
            route,
            context.Request,
            context.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString(), StringComparer.OrdinalIgnoreCase),
            context.RequestAborted);

    private ApiResult? Authorize(ApiRoute route, ApiCall call)
    {
        var grant = call.Grant;
        return route.Role switch
        {
            ApiRole.AnyCode => null,
            ApiRole.CountyReader => access.RequireRead(grant, route.County?.Invoke(call) ?? grant.County),
            ApiRole.CountyUploader => access.RequireUpload(grant, route.County?.Invoke(call) ?? ""),
            ApiRole.City => AccessControl.RequireCity(grant),
            ApiRole.CityOrOperator => AccessControl.RequireCity(grant, orOperator: true),
            ApiRole.Operator => AccessControl.RequireOperator(grant),
            _ => throw new InvalidOperationException($"unknown role {route.Role}"),
        };
    }
}

/// <summary>
/// An <see cref="ApiResult"/> written the same way by both hosts: JSON (Chinese unescaped) or a file download.
/// It is an <see cref="IResult"/> for <c>cadre serve</c> and an <see cref="IActionResult"/> for the Functions app.
/// </summary>
public sealed class ApiResponse(ApiResult result) : IResult, IActionResult
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public ApiResult Result { get; } = result;

    public int Status => Result.Status;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecuteAsync(context.HttpContext);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Result.Status;
        response.Headers.CacheControl = "no-store";
        if (Result.Body is ApiFile file)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(file.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.ContentType = file.ContentType;
            response.ContentLength = file.Content.Length;
            await response.Body.WriteAsync(file.Content, httpContext.RequestAborted);
        }
        else if (Result.Body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, Result.Body, Result.Body.GetType(), Json, httpContext.RequestAborted);
        }
    }
}
