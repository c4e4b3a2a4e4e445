import { describe, expect, it } from "vitest";
import { parseEventQuery } from "./parse-event-query";
import { compileEventFilter } from "./event-filter";
import { csvCell } from "./export-events";

describe("parseEventQuery", () => {
  it("turns field terms, lists, comparisons, params and free text into a filter", () => {
    const { filter, errors } = parseEventQuery('type:agent.tool_call,quota.hit outcome:denied host:"alice mbp" severity>=high cost>=0.5 param.Tool_Name:Bash param.n:3 rm -rf');
    expect(errors).toEqual([]);
    expect(filter).toEqual({
      types: ["agent.tool_call", "quota.hit"],
      outcomes: ["denied"],
      hostname: "alice mbp",
      minSeverity: "high",
      minCostUsd: 0.5,
      params: { Tool_Name: "Bash", n: 3 },
      text: "rm -rf",
    });
  });

  it("reports unknown fields and bad values instead of guessing", () => {
    expect(parseEventQuery("colour:blue").errors[0]).toMatch(/unknown field "colour"/);
    expect(parseEventQuery("outcome:maybe").errors[0]).toMatch(/unknown value "maybe"/);
    expect(parseEventQuery("severity>=extreme").errors[0]).toMatch(/severity>=/);
  });
});

describe("compileEventFilter", () => {
  it("binds every value as a parameter, never into the SQL text", () => {
    const sql = compileEventFilter({ hostname: "x'; DROP TABLE \"Event\"; --", text: "50%_off", types: ["a"] });
    expect(sql.conditions.join(" ")).not.toContain("DROP");
    expect(sql.values).toContain("x'; DROP TABLE \"Event\"; --");
    expect(sql.values).toContain("%50\\%\\_off%");
  });
  it("matches nothing for an id that is not a uuid", () => {
    expect(compileEventFilter({ id: "nope" }).conditions).toEqual(["false"]);
  });
});

describe("csvCell", () => {
  it("quotes per RFC 4180 and defuses spreadsheet formulas", () => {
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(undefined)).toBe("");
  });
});
