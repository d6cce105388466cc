import KSPMCore
import TestSupport
import Testing

/// The Handlebars subset renders as Handlebars (with Fleet's `noEscape` and helpers) does.
@Suite struct HandlebarsTemplateTests {
  func render(_ template: String, _ variables: [String: JSONValue]) throws -> String {
    try HandlebarsTemplate(template).render(variables)
  }

  @Test func valuesAreInsertedWithoutHTMLEscaping() throws {
    #expect(try render("a: {{x}}\n", ["x": "<&\"'>"]) == "a: <&\"'>\n")
    #expect(try render("a: {{{x}}}", ["x": "1 & 2"]) == "a: 1 & 2")
    #expect(try render("a: {{missing}}.", [:]) == "a: .")
    #expect(try render("{{n}} {{b}}", ["n": 3, "b": true]) == "3 true")
  }

  @Test func escapeStringQuotesAndDoublesInnerQuotes() throws {
    #expect(try render("k: {{escape_string x}}", ["x": "it's: #1"]) == "k: 'it''s: #1'")
    #expect(try render("k: {{escape_string x}}", ["x": ""]) == "k: ")
    #expect(try render("k: {{escape_string x}}", [:]) == "k: ")
    #expect(try render("k: {{escape_string x}}", ["x": "a\nb"]) == "k: 'a\n\nb'")
  }

  @Test func dottedVariableNamesAreNestedAsFleetNestsThem() throws {
    let variables: [String: JSONValue] = ["aws.credentials.type": "assume_role", "aws.region": "x"]
    #expect(try render("{{aws.credentials.type}}/{{aws.region}}", variables) == "assume_role/x")
    #expect(try render("{{#if aws.credentials.type}}yes{{/if}}", variables) == "yes")
  }

  @Test func ifUnlessAndElseFollowHandlebarsTruthiness() throws {
    let template = "{{#if x}}T{{else}}F{{/if}}"
    for (value, expected) in [
      (JSONValue.string("a"), "T"), ("", "F"), (0, "F"), (1, "T"), (false, "F"), (.null, "F"), ([], "F"), (["a"], "T"),
    ] {
      #expect(try render(template, ["x": value]) == expected, "\(value)")
    }
    #expect(try render("{{#unless x}}none{{/unless}}", [:]) == "none")
    #expect(try render("{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{/if}}", ["a": 1]) == "a")
  }

  /// A block tag or comment alone on its line takes the line with it, so YAML keeps its shape.
  @Test func standaloneBlockLinesDisappear() throws {
    let template = """
      {{!-- a comment --}}
      top:
      {{#if x}}
        x: {{x}}
      {{/if}}
      {{#if y}}
        y: {{y}}
      {{else}}
        y: none
      {{/if}}
      end: 1

      """
    #expect(try render(template, ["x": "1"]) == "top:\n  x: 1\n  y: none\nend: 1\n")
    #expect(try render(template, ["y": "2"]) == "top:\n  y: 2\nend: 1\n")
    // Inline blocks keep their surroundings.
    #expect(try render("a: {{#if x}}{{x}}{{else}}d{{/if}}\n", [:]) == "a: d\n")
  }

  @Test func whatFleetsTemplatesDoNotUseIsRefused() throws {
    for template in [
      "{{#each xs}}{{this}}{{/each}}", "{{> partial}}", "{{~x}}", "{{#if x}}open", "{{/if}}", "{{to_json x}}", "{{x",
    ] {
      #expect(throws: HandlebarsError.self, "\(template)") { _ = try render(template, ["x": "1", "xs": ["a"]]) }
    }
  }
}
