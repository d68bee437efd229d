import { describe, expect, it } from "vitest";
import { BrainstormReply, EditReply, VerdictReply } from "../../../sidecar/src/agent/prompts.js";
import { extractJson, extractPythonBlock, parseReply } from "../../../sidecar/src/agent/reply-parsing.js";

describe("reply parsing", () => {
  const brainstorm = (changes: number) => ({
    differences: "the chair is too far left",
    changes: Array.from({ length: changes }, (_, i) => ({ change: `move ${i}`, lines: [i + 1] })),
  });

  it("reads a ```json block even when the prose around it has braces", () => {
    const text =
      'Sure {this is not json}.\n```json\n{"answer": "right", "reason": "closer"}\n```\nHope that helps {:)}';
    expect(extractJson(text)).toEqual({ answer: "right", reason: "closer" });
  });

  it("reads bare JSON surrounded by prose", () => {
    const text = `I compared them.\n${JSON.stringify(brainstorm(2))}\nThat is all.`;
    expect(parseReply(text, BrainstormReply)).toEqual({ ok: true, value: brainstorm(2) });
  });

  it("fills schema defaults", () => {
    expect(parseReply('The answer: {"answer": "left"}', VerdictReply)).toEqual({
      ok: true,
      value: { answer: "left", reason: "" },
    });
  });

  it("invalid JSON and no JSON give a reason", () => {
    expect(() => extractJson('{"answer": left}')).toThrow(/JSON/);
    const bad = parseReply('{"answer": left}', VerdictReply);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^reply is not JSON: /);
    const none = parseReply("left, definitely", VerdictReply);
    expect(!none.ok && none.reason).toBe("reply is not JSON: no JSON object found");
  });

  it("a schema mismatch gives a reason naming the field", () => {
    expect(parseReply(JSON.stringify(brainstorm(5)), BrainstormReply).ok).toBe(true);
    const tooMany = parseReply(JSON.stringify(brainstorm(6)), BrainstormReply);
    expect(!tooMany.ok && tooMany.reason).toMatch(/does not fit the format[\s\S]*<=5[\s\S]*at changes$/);

    const badLine = parseReply(
      JSON.stringify({ differences: "d", changes: [{ change: "c", lines: [0] }] }),
      BrainstormReply,
    );
    expect(!badLine.ok && badLine.reason).toMatch(/changes\[0\]\.lines\[0\]/);

    const badAnswer = parseReply('{"answer": "both"}', VerdictReply);
    expect(!badAnswer.ok && badAnswer.reason).toMatch(/at answer/);

    const noEdits = parseReply('{"edits": []}', EditReply);
    expect(!noEdits.ok && noEdits.reason).toMatch(/at edits/);
  });

  it("EditReply accepts edits or a whole program", () => {
    expect(parseReply('{"edits": [{"before": "A = 1", "after": "A = 2"}]}', EditReply)).toEqual({
      ok: true,
      value: { edits: [{ before: "A = 1", after: "A = 2" }] },
    });
    expect(parseReply('{"program": "A = 2\\n"}', EditReply)).toEqual({ ok: true, value: { program: "A = 2\n" } });
  });

  it("extracts a ```python or ```py block, and nothing else", () => {
    expect(extractPythonBlock("Here:\n```python\nA = 1\nB = 2\n```\nDone.")).toBe("A = 1\nB = 2\n");
    expect(extractPythonBlock("```py\nA = 3\n```")).toBe("A = 3\n");
    expect(extractPythonBlock('```json\n{"a": 1}\n```')).toBeUndefined();
    expect(extractPythonBlock("A = 1")).toBeUndefined();
  });
});
