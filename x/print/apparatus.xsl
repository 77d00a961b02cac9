<?xml version="1.0" encoding="UTF-8"?>
<!--
  The print edition's apparatus, included by book.xsl: footnotes numbered per
  document (the source's notes 1, 2, 3; the edition's a, b, c), corrections
  shown in an edition's note, source page breaks marked, names anchored for the
  index, and notes whose text the transcription lacks recorded once.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:pr="urn:edition:print"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <!-- What a footnote marker stands for: 'source' (the source's note), 'editorial'
       (the edition's note, a correction, or the editors' text standing in for a source note
       the transcription lacks), 'missing' (a note without text), or ''. -->
  <xsl:function name="pr:kind" as="xs:string">
    <xsl:param name="node" as="element()"/>
    <xsl:variable name="note" select="if ($node/self::tei:ptr) then ed:resolve($node/@target, $node) else $node"/>
    <xsl:sequence select="
      if ($node/self::tei:choice[tei:corr][tei:sic]) then (if ($node/ancestor::tei:note) then '' else 'editorial')
      else if (not($node/self::tei:note or $node/self::tei:ptr[@type = 'noteref'])) then ''
      else if (not(ed:is-marker($node))) then ''
      else if (ed:note-missing($note)) then 'missing'
      else if ($note/@resp or $note/tei:gap[@reason = 'not-transcribed']) then 'editorial'
      else 'source'"/>
  </xsl:function>

  <xsl:template match="tei:note[ed:is-marker(.)] | tei:ptr[@type = 'noteref']" mode="text" priority="3">
    <xsl:variable name="kind" select="pr:kind(.)"/>
    <xsl:variable name="note" select="if (self::tei:ptr) then ed:resolve(@target, .) else ."/>
    <xsl:choose>
      <xsl:when test="$kind = 'missing'">
        <xsl:text>&#x2060;</xsl:text>
        <sup class="gap-marker" title="note {@n} of the source: text not transcribed">⟨<xsl:value-of select="(@n, $note/@n, '?')[1]"/>⟩</sup>
      </xsl:when>
      <xsl:when test="$kind = 'editorial'">
        <xsl:text>&#x2060;</xsl:text>
        <span class="footnote editorial" data-label="{pr:editorial-label(.)}">
          <xsl:apply-templates select="$note/node()" mode="text"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="label" select="pr:source-label(.)"/>
        <xsl:text>&#x2060;</xsl:text>
        <span class="footnote source" data-label="{$label}">
          <xsl:if test="($note/@n, @n)[1] ne $label">
            <span class="source-number">[<xsl:value-of select="($note/@n, @n)[1]"/>] </span>
          </xsl:if>
          <xsl:apply-templates select="$note/node()" mode="text"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Numbers and letters restart in each document (each TEI file). -->
  <xsl:function name="pr:source-label" as="xs:string">
    <xsl:param name="marker" as="element()"/>
    <xsl:variable name="n" as="xs:string">
      <xsl:number select="$marker" level="any" from="tei:TEI"
                  count="tei:note[pr:kind(.) = 'source'] | tei:ptr[pr:kind(.) = 'source']"/>
    </xsl:variable>
    <xsl:sequence select="$n"/>
  </xsl:function>

  <xsl:function name="pr:editorial-label" as="xs:string">
    <xsl:param name="marker" as="element()"/>
    <xsl:variable name="n" as="xs:string">
      <xsl:number select="$marker" level="any" from="tei:TEI" format="a"
                  count="tei:note[pr:kind(.) = 'editorial'] | tei:ptr[pr:kind(.) = 'editorial'] | tei:choice[pr:kind(.) = 'editorial']"/>
    </xsl:variable>
    <xsl:sequence select="$n"/>
  </xsl:function>

  <!-- Corrections: the corrected reading in the text, the source's in an edition's note
       (inside a note, where no note can hang, in brackets after the correction). -->
  <xsl:template match="tei:choice[tei:corr][tei:sic]" mode="text" priority="3">
    <span class="corr"><xsl:apply-templates select="tei:corr/node()" mode="text"/></span>
    <xsl:choose>
      <xsl:when test="pr:kind(.) = 'editorial'">
        <xsl:text>&#x2060;</xsl:text>
        <span class="footnote editorial" data-label="{pr:editorial-label(.)}"><em><xsl:apply-templates select="tei:corr/node()" mode="text"/></em>] source: <em><xsl:apply-templates select="tei:sic/node()" mode="text"/></em></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="sic-inline"> [source: <em><xsl:apply-templates select="tei:sic/node()" mode="text"/></em>]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break of the source: a bar and the new page's number, spaced off the words. -->
  <xsl:template match="tei:pb[@n]" mode="text" priority="3">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
    <span class="pb">|&#8201;<xsl:value-of select="@n"/></span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Page breaks of a layout (web pages) that had no number are not the source's pages. -->
  <xsl:template match="tei:pb" mode="text" priority="2"/>

  <!-- Names: anchored and keyed for the index; never hyphenated. -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName" mode="text" priority="3">
    <xsl:variable name="entry" select="if (@ref) then ed:resolve(@ref, .) else ()"/>
    <xsl:variable name="kind" select="map {'persName': 'person', 'placeName': 'place', 'orgName': 'org'}(local-name())"/>
    <xsl:choose>
      <xsl:when test="$entry and not(ancestor::tei:teiHeader)">
        <span class="name {$kind}" id="{pr:name-anchor(.)}" data-ix="{pr:index-key($entry)}">
          <xsl:apply-templates mode="text"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="name {$kind}"><xsl:apply-templates mode="text"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Index key of a register entry: register file and id ('persons#stalin'). -->
  <xsl:function name="pr:index-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="replace(tokenize(base-uri($entry), '/')[last()], '\.xml$', '') || '#' || $entry/@xml:id"/>
  </xsl:function>

  <!-- An id that depends only on the document, so that a part's HTML is stable. -->
  <xsl:function name="pr:name-anchor" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="n" as="xs:string">
      <xsl:number select="$name" level="any" from="tei:TEI"
                  count="tei:persName[@ref] | tei:placeName[@ref] | tei:orgName[@ref]"/>
    </xsl:variable>
    <xsl:sequence select="root($name)/tei:TEI/@xml:id || '-x' || $n"/>
  </xsl:function>

  <!-- ===== notes not transcribed: each gap once, with the documents that cite it ===== -->
  <!-- Written as parts of their own (template 'sliced' in book.xsl): the list grows with the
       edition. Made from the summaries' pr:gap (the introduction first, then the documents in
       the book's order), listed in the order of the first document that cites each. -->

  <xsl:template name="notes-not-transcribed">
    <xsl:variable name="gaps" select="($essay-summaries, $summaries) ! pr:gap"/>
    <xsl:call-template name="sliced">
      <xsl:with-param name="name" select="'003-back-1-notes'"/>
      <xsl:with-param name="element" select="'section'"/>
      <xsl:with-param name="class" select="'matter notes-not-transcribed'"/>
      <xsl:with-param name="id" select="'notes-not-transcribed'"/>
      <xsl:with-param name="title" select="'Notes not transcribed'"/>
      <xsl:with-param name="intro" as="element()">
        <p class="intro">The transcriptions of the sources lack the texts of these notes; the text
        marks their places with the note’s number in angle brackets.</p>
      </xsl:with-param>
      <xsl:with-param name="wrap" select="function($entries) { pr:wrap('ul', $entries) }"/>
      <xsl:with-param name="entries" as="element()*">
        <xsl:for-each-group select="$gaps" group-by="string(@key)">
          <xsl:sort select="min(current-group() ! ($numbers(string(../@id)), 0)[1])"/>
          <xsl:variable name="cited" select="distinct-values(current-group() ! string(../@id))"/>
          <xsl:variable name="where" select="(sort($cited[map:contains($numbers, .)] ! $numbers(.)) ! ('No. ' || .),
              $cited[not(map:contains($numbers, .))])"/>
          <li>
            <span class="gap-marker">⟨<xsl:value-of select="@marker"/>⟩</span>
            <xsl:text> </xsl:text>
            <xsl:value-of select="@source"/>
            <xsl:text>, note </xsl:text>
            <xsl:value-of select="@n"/>
            <xsl:if test="@on-heading"> (on the heading)</xsl:if>
            <xsl:text>; cited in </xsl:text>
            <xsl:value-of select="string-join($where, ', ')"/>
            <xsl:text>.</xsl:text>
          </li>
        </xsl:for-each-group>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
