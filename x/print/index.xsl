<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of persons, places and organisations, included by book.xsl: one
  entry per register entry that a printed name points to, under the register's
  normalised name (persons with life dates), from the documents' summaries
  (pr:entry, made by pr:summary in book.xsl with the two functions below). The page numbers are filled in by
  writers/pdf.py from the pages on which the names keyed data-ix landed.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:pr="urn:edition:print"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <xsl:template name="index">
    <xsl:variable name="entries" select="($essay-summaries, $summaries) ! pr:entry"/>
    <section class="index" id="index" data-outline="Index" data-level="1">
      <h2>Index of persons, places and organisations</h2>
      <xsl:for-each select="('person', 'place', 'org')">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="these" select="$entries[@kind = $kind]"/>
        <xsl:if test="$these">
          <section class="index-{$kind}">
            <h3><xsl:value-of select="map {'person': 'Persons', 'place': 'Places', 'org': 'Organisations'}($kind)"/></h3>
            <ul>
              <xsl:for-each-group select="$these" group-by="string(@key)">
                <xsl:sort select="lower-case(@name)"/>
                <li data-ix-entry="{current-grouping-key()}">
                  <span class="ix-name"><xsl:value-of select="@name"/></span>
                  <xsl:value-of select="@dates"/>
                  <xsl:text> </xsl:text>
                  <span class="locators" data-ix-key="{current-grouping-key()}">0000</span>
                </li>
              </xsl:for-each-group>
            </ul>
          </section>
        </xsl:if>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- 'Stalin, Joseph Vissarionovich': the register's normalised form, inverted as it stands. -->
  <xsl:function name="pr:index-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="reg" select="($entry/*[@type = 'reg'], $entry/(tei:persName | tei:placeName | tei:orgName))[1]"/>
    <xsl:sequence select="normalize-space(($reg, $entry/@xml:id)[1])"/>
  </xsl:function>

  <!-- ' (1878–1953)', ' (b. 1900)', ' (d. 1943)', or nothing. -->
  <xsl:function name="pr:life-dates" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="born" select="substring(($entry/tei:birth/(@when, @notBefore, @from))[1], 1, 4)"/>
    <xsl:variable name="died" select="substring(($entry/tei:death/(@when, @notBefore, @from))[1], 1, 4)"/>
    <xsl:sequence select="
      if ($born and $died) then ' (' || $born || '–' || $died || ')'
      else if ($born) then ' (b. ' || $born || ')'
      else if ($died) then ' (d. ' || $died || ')'
      else ''"/>
  </xsl:function>
</xsl:stylesheet>
