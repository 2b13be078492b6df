import { Controller, Get, Header } from '@nestjs/common';
import { PAGE_HTML } from './page.html';

/** `/`: the performance figures as charts, drawn in the browser from this app's own JSON API. */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header(
    'content-security-policy',
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
  )
  page(): string {
    return PAGE_HTML;
  }
}
