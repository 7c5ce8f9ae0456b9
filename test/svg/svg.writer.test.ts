/** The SVG writer: text and attributes escaped, numbers rounded one way, attributes in the order given. */
import { describe, expect, it } from "vitest";
import { el, escapeAttr, escapeText, num, textEl } from "../../src/svg/svgWriter.js";
import { niceByteTicks, niceTicks } from "../../src/svg/scale.js";

describe("the SVG writer", () => {
  it("escapes markup in text and quotes in attributes, so a name like <&> stays a name", () => {
    expect(escapeText(`<&>"'`)).toBe(`&lt;&amp;&gt;"'`);
    expect(escapeAttr(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&#39;");
    expect(textEl("text", [["data-name", `a"b`]], "x < y & z")).toBe(`<text data-name="a&quot;b">x &lt; y &amp; z</text>`);
    // an ampersand already escaped is escaped again: the writer never guesses
    expect(escapeText("&amp;")).toBe("&amp;amp;");
  });

  it("rounds numbers to two decimals, drops trailing zeros and never prints -0 or an exponent", () => {
    expect(num(0.1 + 0.2)).toBe("0.3");
    expect(num(2.5)).toBe("2.5");
    expect(num(3)).toBe("3");
    expect(num(1234567.891)).toBe("1234567.89");
    expect(num(-0.001)).toBe("0");
    expect(num(-0)).toBe("0");
    expect(num(1e-9)).toBe("0");
    expect(num(2 ** 60)).toBe("1152921504606846976");
    expect(num(1.23456, 4)).toBe("1.2346");
    expect(num(Number.NaN)).toBe("0");
  });

  it("writes attributes in the order given and leaves undefined ones out", () => {
    expect(el("rect", [["y", 2], ["x", 1], ["class", undefined], ["width", 0.125]])).toBe(`<rect y="2" x="1" width="0.13"/>`);
    expect(el("g", [], ["<a/>", "<b/>"])).toBe("<g><a/><b/></g>");
  });

  it("puts ticks on round values that cover the range", () => {
    expect(niceTicks(0, 1.05)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]); // not 0.30000000000000004
    expect(niceTicks(0, 47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceByteTicks(5.2 * 2 ** 30)).toEqual([0, 2, 4, 6].map((g) => g * 2 ** 30));
  });
});
