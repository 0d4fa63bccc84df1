using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CadrePipeline.Azure.Api;

/// <summary>One call of a route, after its bearer token was checked: the signed-in user, the route values and the request.</summary>
public sealed class ApiCall(CadreUser user, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues)
{
    public CadreUser User { get; } = user;

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
/// Runs a route of <see cref="ApiRoutes"/> for either host: validates the bearer token in <see cref="AccessControl.HeaderName"/>
/// (401), resolves the user's role and area (403), checks them against the route's <see cref="ApiRole"/> (403) before
/// anything is read, then runs the handler.
/// </summary>
public sealed class ApiDispatcher(CadreApiGateway gateway, AccessControl access)
{
    public async Task<ApiResponse> InvokeAsync(ApiRoute route, HttpRequest request, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(request);
        var (user, refused) = await access.AuthenticateAsync(request.Headers[AccessControl.HeaderName], cancellationToken);
        if (user is null)
        {
            return new ApiResponse(refused!);
        }

        var call = new ApiCall(user, request, routeValues);
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
        var user = call.User;
        return route.Role switch
        {
            ApiRole.AnyUser => null,
            ApiRole.CountyReader => access.RequireRead(user, route.County?.Invoke(call)),
            ApiRole.CountyUploader => access.RequireUpload(user, route.County?.Invoke(call) ?? ""),
            ApiRole.CityView => AccessControl.RequireCityView(user),
            ApiRole.Recalculate => AccessControl.RequireRecalculate(user),
            ApiRole.Operator => AccessControl.RequireOperator(user),
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
