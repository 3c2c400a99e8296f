package dev.pims.protocol.wire;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} in UTF-8, for a query string or a POST body. */
public final class FormEncoding {
    private FormEncoding() {
    }

    public static String encode(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(component(e.getKey())).append('=').append(component(e.getValue() == null ? "" : e.getValue()));
        }
        return out.toString();
    }

    private static String component(String s) {
        try {
            // the Charset overload needs API 33 on Android; the named form is available everywhere
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }
}
