import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenClaims, Public } from '@mesa/shared/auth';
import { ApiProblems } from '../common/problem.schema';
import { LoginDto, RefreshDto, TokenDto } from './auth.dto';
import type { AuthedRequest } from './auth.guard';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange username and password for an access token and a refresh token',
    description:
      'Failures lock the username and the address out with growing waits (429 with Retry-After); 503 while the limits cannot be checked.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 429, 503)
  login(@Body() body: LoginDto, @Req() req: AuthedRequest): Promise<TokenDto> {
    return this.auth.login(body.username, body.password, req.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access token and the next refresh token',
    description: 'Each refresh token works once; presenting one again ends its whole session.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshDto, @Req() req: AuthedRequest): Promise<TokenDto> {
    return this.auth.refresh(body.refreshToken, req.ip);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the session of this access token: it and its refresh token stop working' })
  @ApiNoContentResponse()
  @ApiProblems(401)
  logout(@Req() req: AuthedRequest): Promise<void> {
    // Not @Public(): the guard has set the claims.
    return this.auth.logout(req.claims as AccessTokenClaims);
  }
}
