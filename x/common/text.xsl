<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI text → HTML elements, shared by the web site and the print edition.
  The including stylesheet decides two things:
    $notes-inline  true for print (notes float to the foot of the page),
                   false for the web (markers link to a list after the text);
    $link-base     where register pages live ('' for no links).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <xsl:param name="notes-inline" as="xs:boolean" select="false()"/>
  <xsl:param name="link-base" as="xs:string" select="''"/>

  <xsl:mode name="text" on-no-match="shallow-skip"/>

  <xsl:template match="text()" mode="text">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="tei:div" mode="text">
    <section class="{(@type, 'div')[1]}">
      <xsl:apply-templates mode="text"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:head[@type = 'number']" mode="text">
    <p class="number"><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:head[@type = ('sent', 'received', 'delivered')]" mode="text">
    <p class="dispatch"><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:head" mode="text">
    <xsl:variable name="depth" select="min((count(ancestor::tei:div) + 2, 6))"/>
    <xsl:element name="h{$depth}">
      <xsl:attribute name="class" select="'head', @type" separator=" "/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:opener | tei:closer" mode="text">
    <div class="{local-name()}"><xsl:apply-templates mode="text"/></div>
  </xsl:template>

  <xsl:template match="tei:salute | tei:signed | tei:dateline" mode="text">
    <p class="{local-name()}"><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:seg[@type]" mode="text">
    <span class="{@type}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:template match="tei:p" mode="text">
    <p><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:list" mode="text">
    <xsl:apply-templates select="tei:head" mode="text"/>
    <ol class="list {@type}">
      <xsl:for-each select="tei:item">
        <li>
          <xsl:variable name="label" select="preceding-sibling::*[1][self::tei:label]"/>
          <xsl:if test="$label">
            <span class="label"><xsl:apply-templates select="$label/node()" mode="text"/></span>
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:apply-templates mode="text"/>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template match="tei:quote[tei:p] | tei:floatingText" mode="text">
    <blockquote class="{local-name()}"><xsl:apply-templates mode="text"/></blockquote>
  </xsl:template>

  <xsl:template match="tei:floatingText/tei:body" mode="text">
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q" mode="text">
    <q><xsl:apply-templates mode="text"/></q>
  </xsl:template>

  <xsl:template match="tei:figure" mode="text">
    <figure>
      <xsl:apply-templates select="tei:graphic" mode="text"/>
      <figcaption><xsl:apply-templates select="tei:head, tei:p, tei:figDesc" mode="figure"/></figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="*" mode="figure">
    <span class="{local-name()}"><xsl:apply-templates mode="text"/></span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:hi[@rend = 'italic'] | tei:title | tei:foreign" mode="text">
    <em class="{local-name()}"><xsl:apply-templates mode="text"/></em>
  </xsl:template>

  <xsl:template match="tei:hi" mode="text">
    <span class="{@rend}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <!-- A link only where the target is safe to publish (ed:safe-href); else the text alone. -->
  <xsl:template match="tei:ref[@target]" mode="text">
    <xsl:variable name="href" select="ed:safe-href(ed:expand(@target, .))"/>
    <xsl:choose>
      <xsl:when test="$href"><a href="{$href}"><xsl:apply-templates mode="text"/></a></xsl:when>
      <xsl:otherwise><span class="ref"><xsl:apply-templates mode="text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lb" mode="text"><br/></xsl:template>

  <xsl:template match="tei:pb" mode="text">
    <span class="pb" title="page {@n}">
      <xsl:value-of select="if (@n) then '[' || @n || ']' else ''"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:gap" mode="text">
    <span class="gap" title="{@reason}">[…]</span>
  </xsl:template>

  <!-- Corrections: the corrected reading, with the source's reading on hover. -->
  <xsl:template match="tei:choice[tei:corr]" mode="text">
    <span class="corr" title="source reads: {tei:sic}"><xsl:apply-templates select="tei:corr/node()" mode="text"/></span>
  </xsl:template>

  <xsl:template match="tei:choice[tei:expan]" mode="text">
    <abbr title="{tei:expan}"><xsl:apply-templates select="tei:abbr/node()" mode="text"/></abbr>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName" mode="text">
    <xsl:variable name="entry" select="if (@ref) then ed:resolve(@ref, .) else ()"/>
    <xsl:variable name="kind" select="map {'persName': 'person', 'placeName': 'place', 'orgName': 'org'}(local-name())"/>
    <xsl:choose>
      <xsl:when test="$entry and $link-base">
        <a class="name {$kind}" href="{$link-base}{$kind}s.html#{$entry/@xml:id}"
           title="{ed:display-name($entry, .)}"><xsl:apply-templates mode="text"/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="name {$kind}"><xsl:apply-templates mode="text"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:date[@when]" mode="text">
    <time datetime="{@when}"><xsl:apply-templates mode="text"/></time>
  </xsl:template>

  <!-- Notes that are part of the document's layout, not footnotes: the file
       number above a FRUS document, the received line of a telegram. -->
  <xsl:template match="tei:note[@type = ('source', 'received')]" mode="text" priority="2">
    <p class="{@type}-note"><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <!-- ===== citations and bibliography ===== -->

  <xsl:template match="tei:listBibl" mode="text">
    <section class="bibliography">
      <xsl:apply-templates select="tei:head" mode="text"/>
      <ul>
        <xsl:for-each select="tei:bibl">
          <li id="{@xml:id}"><xsl:apply-templates mode="text"/></li>
        </xsl:for-each>
      </ul>
      <xsl:apply-templates select="tei:listBibl" mode="text"/>
    </section>
  </xsl:template>

  <!-- A short citation links to the entry of the bibliography it stands for. -->
  <xsl:template match="tei:bibl[starts-with(@corresp, '#')][not(parent::tei:listBibl)]" mode="text">
    <a class="citation" href="{ed:safe-href(@corresp)}"><xsl:apply-templates mode="text"/></a>
  </xsl:template>

  <!-- ===== notes ===== -->

  <!-- The label a reader sees for a note: its printed number, or a running count. -->
  <xsl:function name="ed:note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@n, string(ed:marker-number($note)))[1]"/>
  </xsl:function>

  <xsl:function name="ed:note-anchor" as="xs:string">
    <xsl:param name="marker" as="element()"/>
    <xsl:sequence select="'note-' || ed:marker-number($marker)"/>
  </xsl:function>

  <xsl:template match="tei:note | tei:ptr[@type = 'noteref']" mode="text">
    <xsl:choose>
      <xsl:when test="$notes-inline">
        <span class="footnote" data-label="{ed:note-label(.)}"><xsl:apply-templates select="." mode="note-body"/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="anchor" select="ed:note-anchor(.)"/>
        <sup class="marker" id="ref-{$anchor}"><a href="#{$anchor}"><xsl:value-of select="ed:note-label(.)"/></a></sup>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text of a note: its own content, or that of the note a pointer leads to. -->
  <xsl:template match="tei:note" mode="note-body">
    <xsl:choose>
      <xsl:when test="ed:note-missing(.)">
        <span class="missing">Note <xsl:value-of select="@n"/> of the printed volume: its text is not in the transcription.</span>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ptr[@type = 'noteref']" mode="note-body">
    <xsl:variable name="note" select="ed:resolve(@target, .)"/>
    <xsl:choose>
      <xsl:when test="$note"><xsl:apply-templates select="$note" mode="note-body"/></xsl:when>
      <xsl:otherwise><span class="missing">Note <xsl:value-of select="@n"/> not found.</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The web edition's list of notes after the text, each linking back to its marker. -->
  <xsl:template name="note-list">
    <xsl:param name="text" as="element()"/>
    <xsl:variable name="markers" select="$text//*[ed:is-marker(.)][not(ancestor::tei:note)]"/>
    <xsl:if test="$markers">
      <section class="notes">
        <h2>Notes</h2>
        <ol>
          <xsl:for-each select="$markers">
            <xsl:variable name="anchor" select="ed:note-anchor(.)"/>
            <li id="{$anchor}" value="{position()}">
              <a class="back" href="#ref-{$anchor}" title="back to the text"><xsl:value-of select="ed:note-label(.)"/></a>
              <xsl:text> </xsl:text>
              <xsl:apply-templates select="." mode="note-body"/>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
