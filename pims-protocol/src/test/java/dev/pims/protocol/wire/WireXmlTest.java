package dev.pims.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WireXmlTest {

    @Test
    void writesDeclarationRootAndChildren() {
        WireMessage m = WireMessage.okBuilder("ActionSetup").add("challenge", "a<b&c").add("empty", null).build();
        assertThat(WireXml.write(m)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ActionSetup><err>OK</err>"
                + "<challenge>a&lt;b&amp;c</challenge><empty/></ActionSetup>");
    }

    @Test
    void roundTrips() {
        WireMessage m = WireMessage.okBuilder("ActionFinalize").add("ms_id", "1").add("ms_id", "2")
                .add("defi", "x'\"><&y").add("J", "").build();
        assertThat(WireXml.read(WireXml.write(m))).contains(m);
    }

    @Test
    void toleratesWhatRealServersSend() {
        String body = "garbage\r\n<?xml version='1.0'?>\n<!-- c --><ActionFinalize>\n  <err>OK</err>\n"
                + "  <defi><![CDATA[12<3]]></defi>\n  <unknown attr=\"1\">v &#65;&#x42;&amp;</unknown>\n"
                + "  <s_n>2</s_n><s_id>a</s_id><s_id>b</s_id><K1></K1><nested><a>1</a><b/></nested>\n"
                + "  <server/>\n</ActionFinalize>trailing";
        WireMessage m = WireXml.read(body).orElseThrow();
        assertThat(m.root()).isEqualTo("ActionFinalize");
        assertThat(m.isOk()).isTrue();
        assertThat(m.get("defi")).contains("12<3");
        assertThat(m.get("unknown")).contains("v AB&");
        assertThat(m.all("s_id")).containsExactly("a", "b");
        assertThat(m.get("K1")).isEmpty();
        assertThat(m.get("server")).isEmpty();
        assertThat(m.get("nested")).isEmpty();
    }

    @Test
    void refusesWhatIsNotTheProtocol() {
        assertThat(WireXml.read("")).isEmpty();
        assertThat(WireXml.read("<html><body>502 Bad Gateway")).isEmpty();
        assertThat(WireXml.read("<?xml version=\"1.0\"?><A><err>OK</A>")).isEmpty();
        assertThat(WireXml.read("not xml at all")).isEmpty();
        assertThat(WireXml.read(null)).isEmpty();
    }

    @Test
    void randomInputNeverThrows() {
        Random r = new Random(42);
        String alphabet = "<>/?!-[]&;#x=\"' abcAB01\n";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(80);
            for (int j = 0; j < n; j++) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            WireXml.read(s.toString());
            WireXml.read("<?xml?><ActionSetup>" + s + "</ActionSetup>");
        }
    }

    @Test
    void wireErrorsMapToSdkCodes() {
        assertThat(WireError.fromWire("NOK:ACCESS")).contains(WireError.ACCESS);
        assertThat(WireError.fromWire("NOK:NOK_BLOCKED")).contains(WireError.BLOCKED);
        assertThat(WireError.fromWire("OK")).isEmpty();
        assertThat(WireError.fromWire("NOK:WHATEVER")).isEmpty();
        assertThat(WireError.MAXNBTOOLS.sdkCode()).isEqualTo(2317);
        assertThat(WireError.MAXNBTOOLS.maccessName()).isEqualTo("ERR_FORBIDDEN");
        assertThat(WireError.TIMEOUT.sdkCode()).isEqualTo(2311);
        assertThat(WireError.CODE.sdkCode()).isEqualTo(2305);
        assertThat(WireError.PINREFUSED.sdkCode()).isEqualTo(2102);
        for (WireError e : WireError.values()) {
            assertThat(WireError.fromWire(e.wire())).contains(e);
        }
    }
}
