package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.failed;

import dev.pims.protocol.wire.WireError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codes a row lists that our server never answers on that row (e.g. NOK:NOCA: the server has one authenticator
 * type; VERSION is only checked at OTP setup; the account API has no device state). The request still goes to
 * the real server; only its answer's error name is rewritten, so the SDK's mapping is covered. Codes reached
 * with the real server are in the other test classes (see notes/e2e-report.md).
 */
class UnreachableCodesE2eTest extends E2eBase {

    private static final String[][] ACCOUNT_NAMES = {
            {"2305", "CODE"}, {"2308", "ACCESS"}, {"2309", "VERSION"}, {"2310", "BLOCKED"}, {"2311", "STATE"},
            {"2312", "NODEVICE"}, {"2313", "NOCA"}, {"2314", "NOSRV"}, {"2315", "PINREUSED"}, {"2317", "FORBIDDEN"}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        account(out, "SET smscode enrollment", 2308, 2309, 2311, 2312, 2313, 2317);
        account(out, "SET smscode modifyPhoneNumber", 2308, 2309, 2311, 2312, 2313, 2317);
        account(out, "SET enrollment remove", 2305, 2308, 2309, 2310, 2311, 2312, 2313, 2317);
        account(out, "SET pincode reset", 2308, 2309, 2311, 2312, 2313, 2317);
        account(out, "SET pincode update", 2305, 2309, 2312, 2313, 2317);
        account(out, "SET enrollment enrollWithPhoneNumber", 2309, 2311, 2312, 2313);
        for (WireError e : new WireError[] {WireError.VERSION, WireError.STATE, WireError.NODEVICE, WireError.NOCA,
                WireError.NOSRV}) {
            out.add(Arguments.of("SET enrollment enroll", "device " + e.name(), e.sdkCode()));
        }
        return out.stream();
    }

    private static void account(List<Arguments> out, String row, int... codes) {
        for (int code : codes) {
            for (String[] n : ACCOUNT_NAMES) {
                if (Integer.parseInt(n[0]) == code) {
                    out.add(Arguments.of(row, n[1], code));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("cases")
    void mapped(String rowName, String errName, int code) {
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        if (errName.startsWith("device ")) {
            WireError e = WireError.valueOf(errName.substring("device ".length()));
            s.transport.set(FaultTransport.only(FaultTransport.device(), FaultTransport.deviceErr(e)));
        } else {
            s.transport.set(FaultTransport.only(FaultTransport.account(), FaultTransport.accountErr(403, errName)));
        }
        failed(Rows.row(rowName).call(s), code);
    }
}
