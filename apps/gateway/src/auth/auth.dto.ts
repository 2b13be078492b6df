import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** A refresh token: 32 random bytes, base64url. */
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class LoginDto {
  @ApiProperty({ example: 'mesa' }) @IsString() @Length(1, 50) username: string;
  @ApiProperty({ example: 'mesa-dev-2026' }) @IsString() @Length(1, 200) password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last answer (each is used once)' })
  @IsString()
  @Matches(REFRESH_TOKEN, { message: 'no es un token de renovación' })
  refreshToken: string;
}

export class TokenDto {
  @ApiProperty({ maxLength: 2048, description: 'Bearer token for the API (EdDSA JWT)' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires (at most 900)' }) expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: string;
  @ApiProperty({ pattern: REFRESH_TOKEN.source, minLength: 43, maxLength: 43, description: 'Single use: POST /auth/refresh gives a new access token and the next refresh token' })
  refreshToken: string;
  @ApiProperty({ description: 'Seconds until the session ends; refreshing does not extend it' })
  refreshExpiresIn: number;
}
