<?xml version="1.0" encoding="UTF-8"?>
<!--
  The web edition: a static site written in one transformation.
  Source document: tei/edition.xml. Parameter $tei-dir: the URI of tei/.
  Writes (relative to the base output URI): index.html, letters/ID.html for
  each letter, persons.html, about.html.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="urn:edition:functions"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/edition.xsl"/>
  <xsl:import href="../common/text.xsl"/>

  <xsl:param name="tei-dir" as="xs:string" required="yes"/>
  <xsl:param name="link-base" as="xs:string" select="'../'"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:variable name="edition" select="/tei:TEI"/>
  <xsl:variable name="site-title" select="string($edition/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'])"/>

  <!-- Every letter of the edition, in the order of the correspondence. -->
  <xsl:variable name="letters" as="element(tei:TEI)*" select="ed:letters($tei-dir)"/>
  <xsl:variable name="essays" as="element(tei:TEI)*"
                select="collection($tei-dir || 'essays' || $ed:tei-files)/tei:TEI"/>


  <xsl:template match="/">
    <xsl:result-document href="index.html">
      <xsl:call-template name="page">
        <xsl:with-param name="title" select="$site-title"/>
        <xsl:with-param name="root" select="''"/>
        <xsl:with-param name="content">
          <h1><xsl:value-of select="$site-title"/></h1>
          <p class="subtitle"><xsl:value-of select="$edition//tei:titleStmt/tei:title[@type = 'sub']"/></p>
          <xsl:apply-templates select="$edition/tei:text/tei:body/tei:div" mode="text"/>
          <xsl:if test="$essays">
            <h2>Introduction</h2>
            <ul class="essays">
              <xsl:for-each select="$essays">
                <li><a href="essays/{@xml:id}.html"><xsl:value-of select="ed:title(.)"/></a>
                  <xsl:text>, by </xsl:text><xsl:value-of select="string-join(.//tei:titleStmt/tei:author ! normalize-space(.), ', ')"/></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <h2>The letters</h2>
          <table class="letters">
            <thead><tr><th>No.</th><th>Date</th><th>From</th><th>To</th></tr></thead>
            <tbody>
              <xsl:for-each select="$letters">
                <xsl:variable name="desc" select="tei:teiHeader/tei:profileDesc/tei:correspDesc[1]"/>
                <tr>
                  <td class="n"><xsl:value-of select=".//tei:biblScope[@unit = 'letter'][1]"/></td>
                  <td class="date">
                    <a href="letters/{@xml:id}.html" title="{ed:title(.)}">
                      <time datetime="{ed:letter-date(.)}"><xsl:value-of select="ed:date(ed:letter-date(.))"/></time>
                    </a>
                    <xsl:if test="not($desc/tei:correspAction[@type = 'sent']/tei:date) and $desc/tei:correspAction[@type = 'received']/tei:date"> (received)</xsl:if>
                  </td>
                  <xsl:for-each select="'sent', 'received'">
                    <xsl:variable name="action" select="$desc/tei:correspAction[@type = current()][1]"/>
                    <td title="{ed:people($action)}"><xsl:value-of select="ed:people($action, true())"/></td>
                  </xsl:for-each>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>

    <xsl:for-each select="$letters">
      <xsl:variable name="position" select="position()"/>
      <xsl:result-document href="letters/{@xml:id}.html">
        <xsl:call-template name="letter">
          <xsl:with-param name="previous" select="$letters[$position - 1]"/>
          <xsl:with-param name="next" select="$letters[$position + 1]"/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>

    <xsl:for-each select="$essays">
      <xsl:result-document href="essays/{@xml:id}.html">
        <xsl:call-template name="essay"/>
      </xsl:result-document>
    </xsl:for-each>

    <xsl:for-each select="map {'persons': 'People', 'places': 'Places', 'orgs': 'Organisations'} => map:for-each(function($k, $v) { [$k, $v] })">
      <xsl:variable name="register" select="$tei-dir || 'registers/' || ?1 || '.xml'"/>
      <xsl:if test="doc-available($register)">
        <xsl:result-document href="{?1}.html">
          <xsl:call-template name="register">
            <xsl:with-param name="entries" select="doc($register)//(tei:person | tei:place | tei:org)"/>
            <xsl:with-param name="title" select="?2"/>
          </xsl:call-template>
        </xsl:result-document>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="letter">
    <xsl:param name="previous" as="element(tei:TEI)?"/>
    <xsl:param name="next" as="element(tei:TEI)?"/>
    <xsl:variable name="desc" select="tei:teiHeader/tei:profileDesc/tei:correspDesc[1]"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="root" select="'../'"/>
      <xsl:with-param name="content">
        <nav class="sequence">
          <xsl:if test="$previous"><a rel="prev" href="{$previous/@xml:id}.html">← <xsl:value-of select="ed:title($previous)"/></a></xsl:if>
          <xsl:if test="$next"><a rel="next" href="{$next/@xml:id}.html"><xsl:value-of select="ed:title($next)"/> →</a></xsl:if>
        </nav>
        <article class="letter">
          <h1><xsl:value-of select="ed:title(.)"/></h1>
          <dl class="metadata">
            <xsl:for-each select="$desc/tei:correspAction">
              <dt><xsl:value-of select="upper-case(substring(@type, 1, 1)) || substring(@type, 2)"/></dt>
              <dd>
                <xsl:value-of select="string-join((ed:people(.)[normalize-space()],
                  tei:placeName ! normalize-space(.),
                  tei:date/@when ! ed:date(.)), ', ')"/>
              </dd>
            </xsl:for-each>
            <dt>Source</dt>
            <dd class="citation"><xsl:value-of select="ed:citation(tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[1])"/></dd>
          </dl>
          <div class="text">
            <xsl:apply-templates select="tei:text/tei:body/node()" mode="text"/>
          </div>
          <xsl:call-template name="note-list">
            <xsl:with-param name="text" select="tei:text"/>
          </xsl:call-template>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A register as a page: each entry with its dates, description and authority links. -->
  <xsl:template name="register">
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$title"/></h1>
        <dl class="register">
          <xsl:for-each select="$entries">
            <xsl:sort select="lower-case(normalize-space(*[@type = 'reg'][1]))"/>
            <dt id="{@xml:id}"><xsl:value-of select="normalize-space(*[@type = 'reg'][1])"/>
              <xsl:if test="tei:birth/@when or tei:death/@when">
                <xsl:text> (</xsl:text>
                <xsl:value-of select="substring(tei:birth/@when, 1, 4)"/>–<xsl:value-of select="substring(tei:death/@when, 1, 4)"/>
                <xsl:text>)</xsl:text>
              </xsl:if>
            </dt>
            <dd>
              <xsl:value-of select="normalize-space(tei:note[not(@type)][1])"/>
              <xsl:for-each select="tei:idno[@type = 'wikidata']">
                <xsl:text> </xsl:text><a href="https://www.wikidata.org/wiki/{.}">Wikidata <xsl:value-of select="."/></a>
              </xsl:for-each>
              <xsl:for-each select="tei:idno[@type = 'geonames']">
                <xsl:text> </xsl:text><a href="https://www.geonames.org/{.}">GeoNames <xsl:value-of select="."/></a>
              </xsl:for-each>
            </dd>
          </xsl:for-each>
        </dl>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="essay">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="root" select="'../'"/>
      <xsl:with-param name="content">
        <article class="essay">
          <h1><xsl:apply-templates select="tei:text/tei:front/tei:docTitle/tei:titlePart[1]/node()" mode="text"/></h1>
          <p class="byline">
            <xsl:value-of select="normalize-space(tei:text/tei:front/tei:docAuthor)"/>
            <xsl:for-each select="tei:text/tei:front/tei:docDate/@when">, <time datetime="{.}"><xsl:value-of select="ed:date(.)"/></time></xsl:for-each>
          </p>
          <xsl:apply-templates select="tei:text/tei:front/tei:figure" mode="text"/>
          <div class="text">
            <xsl:apply-templates select="tei:text/tei:body/node(), tei:text/tei:back/node()" mode="text"/>
          </div>
          <xsl:call-template name="note-list">
            <xsl:with-param name="text" select="tei:text"/>
          </xsl:call-template>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="root" as="xs:string"/>
    <xsl:param name="content"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="{$root}edition.css"/>
      </head>
      <body>
        <header class="site">
          <a class="home" href="{$root}index.html"><xsl:value-of select="$site-title"/></a>
          <nav><a href="{$root}index.html">Letters</a> <a href="{$root}persons.html">People</a> <a href="{$root}places.html">Places</a> <a href="{$root}orgs.html">Organisations</a></nav>
        </header>
        <main>
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site">
          <p><xsl:value-of select="$edition//tei:publicationStmt/tei:availability/tei:licence"/></p>
        </footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
