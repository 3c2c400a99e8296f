package dev.pims.sdk.internal.strong;

import dev.pims.protocol.wire.FormEncoding;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import dev.pims.sdk.transport.HttpTransport;
import dev.pims.sdk.internal.transport.TransportErrors;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends device-protocol requests to {@code {inWeboURL}/iwws/MAC} and reads the XML answer. A POST form by
 * default (keeps codes, PIN-derived values, proofs and tokens out of URLs, where proxies log them) or, when the
 * host asks for it, GET with the parameters in the query string (vendor servers). Failures: unreachable 2202, timeout 2201, 5xx 2204, no readable answer 2203.
 */
public final class DeviceChannel {

    private final HttpTransport transport;
    private final String endpoint;
    private final boolean post;
    private final String userAgent;

    public DeviceChannel(HttpTransport transport, String inWeboUrl, boolean post, String userAgent) {
        this.transport = transport;
        this.endpoint = inWeboUrl + "/iwws/MAC";
        this.post = post;
        this.userAgent = userAgent;
    }

    public WireMessage exchange(Map<String, String> params) throws SdkException {
        String form = FormEncoding.encode(params);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        HttpRequest request;
        if (post) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            request = new HttpRequest("POST", endpoint, headers, form.getBytes(StandardCharsets.UTF_8));
        } else {
            request = new HttpRequest("GET", endpoint + "?" + form, headers, null);
        }
        HttpOutcome out = transport.send(request);
        if (out instanceof HttpOutcome.Failure) {
            throw TransportErrors.of((HttpOutcome.Failure) out).exception();
        }
        HttpOutcome.Response r = (HttpOutcome.Response) out;
        if (r.status() >= 500) {
            throw TransportErrors.serverError().exception();
        }
        Optional<WireMessage> m = WireXml.read(r.bodyText());
        if (!m.isPresent()) {
            throw TransportErrors.unparseable().exception();
        }
        return m.get();
    }
}
